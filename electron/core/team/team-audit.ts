import type { TeamResponse } from '../../../shared/team/team-api.ts'
import { TwofoldError } from '../errors.ts'
import { verifyAuditChain } from './crypto/audit-chain.ts'
import type { TeamSession } from './team-session.ts'

type AuditEntry = TeamResponse<'team:audit'>['entries'][number]

export interface TeamAuditView {
  entries: AuditEntry[]
  /** Present with `verify`: the whole chain was read and checked from its first entry to the head. */
  verified?: { ok: true; entries: number } | { ok: false; seq: number; reason: string }
}

const PAGE = 1_000

/**
 * The server's audit log, newest first. With `verify`, every entry is read back to the first one and
 * the hash chain checked up to the head the server names: an entry altered, removed or inserted in the
 * database shows as a break.
 */
export async function teamAudit(
  session: TeamSession,
  request: { limit?: number; verify?: boolean },
): Promise<TeamAuditView> {
  const limit = request.limit ?? 50
  if (!Number.isInteger(limit) || limit < 1)
    throw new TwofoldError('invalid-request', '--limit takes a positive number.')
  if (!request.verify) {
    const page = await session.call('team:audit', { query: { limit } })
    return { entries: newestFirst(page.entries).slice(0, limit) }
  }
  const all: AuditEntry[] = []
  let before: number | undefined
  let head: { seq: number; hash: string } | undefined
  for (;;) {
    const page = await session.call('team:audit', { query: { limit: PAGE, ...(before ? { before } : {}) } })
    head ??= page.head
    all.push(...page.entries)
    const oldest = Math.min(...page.entries.map((entry) => entry.seq))
    if (page.entries.length < PAGE || oldest <= 1) break
    before = oldest
  }
  const oldestFirst = [...all].sort((a, b) => a.seq - b.seq)
  const check = verifyAuditChain(oldestFirst, {
    teamId: session.teamId,
    ...(head && head.seq > 0 ? { head } : {}),
  })
  return {
    entries: newestFirst(all).slice(0, limit),
    verified: check.ok ? { ok: true, entries: all.length } : check,
  }
}

function newestFirst(entries: readonly AuditEntry[]): AuditEntry[] {
  return [...entries].sort((a, b) => b.seq - a.seq)
}
