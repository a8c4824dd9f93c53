import { teamAudit, type TeamAuditView } from './team-audit.ts'
import { readRoster } from './team-roster.ts'
import type { TeamSession } from './team-session.ts'

/** One entry of the team's audit log with its ids put into names this device knows. */
export interface ReadableTeamAuditEntry {
  seq: number
  at: string
  kind: string
  /** Who did it: the member whose device made the request (null: the server on its own). */
  actor: string | null
  /** The member it was about (invited, granted, removed…), when it was about one. */
  member: string | null
  /** The client's name when this device holds it; null for none, or for a client it does not hold. */
  client: string | null
  /** True when the entry names a client this device does not hold: its name stays sealed from us. */
  otherClient: boolean
  accountId: string | null
  /** The account's handle when it is in this vault. */
  account: string | null
  /** Reported by a device (a code copied) rather than seen by the server itself. */
  reported: boolean
}

export interface ReadableTeamAudit {
  entries: ReadableTeamAuditEntry[]
  verified: NonNullable<TeamAuditView['verified']> | null
}

/**
 * The server's audit log in names: it holds ids only (the names of clients and accounts are sealed),
 * so this device reads member names from the roster and client and account names from its own vault.
 */
export async function readableTeamAudit(
  session: TeamSession,
  request: { limit?: number; verify?: boolean },
): Promise<ReadableTeamAudit> {
  const audit = await teamAudit(session, request)
  const roster = await readRoster(session)
  const memberName = new Map(roster.members.map((member) => [member.memberId, member.name]))
  const store = session.store()
  const clientName = store.db.prepare('SELECT name FROM clients WHERE id = ?').pluck()
  const handle = store.db.prepare('SELECT handle FROM accounts WHERE id = ?').pluck()
  const text = (value: string | number | undefined) => (typeof value === 'string' ? value : null)
  return {
    entries: audit.entries.map((entry) => {
      const clientId = text(entry.subject.clientId)
      const local = clientId ? store.teamClient(clientId) : null
      const accountId = text(entry.subject.accountId)
      const subjectMember = text(entry.subject.memberId)
      return {
        seq: entry.seq,
        at: entry.at,
        kind: entry.kind,
        actor: entry.memberId ? (memberName.get(entry.memberId) ?? null) : null,
        member: subjectMember ? (memberName.get(subjectMember) ?? null) : null,
        client: local ? ((clientName.get(local.clientId) as string | undefined) ?? null) : null,
        otherClient: clientId !== null && local === null,
        accountId,
        account: accountId ? ((handle.get(accountId) as string | undefined) ?? null) : null,
        reported: entry.reported,
      }
    }),
    verified: audit.verified ?? null,
  }
}
