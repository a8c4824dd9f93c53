import type { HeldClientsChange } from './held-clients-change.ts'
import type { TeamStatus } from './team-service.ts'

/** A desktop notification's text: no secret, no handle — client names only, as the sidebar shows. */
export interface TeamNotice {
  title: string
  body: string
}

/** What to tell the person when a sync gave them clients or took some away. */
export function heldClientsNotices(change: HeldClientsChange): TeamNotice[] {
  const notices: TeamNotice[] = []
  if (change.gained.length > 0)
    notices.push({
      title: change.gained.length === 1 ? 'A client was shared with you' : 'Clients were shared with you',
      body: `${listed(change.gained)}: ${change.gained.length === 1 ? 'its accounts are' : 'their accounts are'} in Twofold now.`,
    })
  if (change.lost.length > 0)
    notices.push({
      title: change.lost.length === 1 ? 'A client was taken away' : 'Clients were taken away',
      body: `${listed(change.lost)}: ${change.lost.length === 1 ? 'its accounts were' : 'their accounts were'} removed from this computer.`,
    })
  return notices
}

/** The tray menu's line about the team, at a glance. */
export function teamTrayLine(status: TeamStatus): string {
  const team = `Team ${status.team}`
  if (status.refused || status.device === 'removed') return `${team}: removed from the team`
  if (status.device === 'pending') return `${team}: waiting for an admin to confirm this device`
  if (!status.online)
    return `${team}: offline${status.pending > 0 ? `, ${status.pending} edits waiting` : ''}`
  return `${team}: online${status.pending > 0 ? `, sending ${status.pending} edits` : ''}`
}

function listed(names: readonly string[]): string {
  if (names.length <= 3) return names.join(', ')
  return `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`
}
