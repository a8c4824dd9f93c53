import { inboxChannelLabel, type InboxEntryView } from '../../../shared/domain/inbox-views.ts'
import { formatAgo, groupCode } from '../../shared/format.ts'

/** "40 s ago" for a code just in (seconds matter while one is being typed), then as elsewhere. */
export function formatInboxAgo(iso: string, now: number): string {
  const at = Date.parse(iso)
  if (Number.isNaN(at)) return iso
  const seconds = Math.max(0, Math.floor((now - at) / 1000))
  if (seconds < 60) return `${seconds} s ago`
  return formatAgo(iso, now)
}

/** "SMS code 123 456", as the row and the popup say it. */
export function inboxCodeText(entry: InboxEntryView): string {
  return `${inboxChannelLabel(entry.channel)} code ${entry.code === null ? '' : groupCode(entry.code)}`.trim()
}
