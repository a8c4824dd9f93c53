import { AUDIT_GENESIS_HASH } from '../../../core/team/crypto/audit-chain.ts'
import { teamError } from '../team-error.ts'
import type { TeamHandler } from './handler-types.ts'
import { requireClient } from './membership.ts'

const DEFAULT_AUDIT_PAGE = 500

/** A page of the audit log, oldest first, ending before `before`; `head` is the newest entry of all. */
export const readAudit: TeamHandler<'team:audit'> = async (tx, { query }) => {
  const rows = await tx.query<{
    seq: string
    at: Date
    actor_member: string | null
    actor_device: string | null
    kind: string
    subject: Record<string, string | number>
    reported: boolean
    prev_hash: Buffer
    hash: Buffer
  }>(
    `SELECT seq, at, actor_member, actor_device, kind, subject, reported, prev_hash, hash FROM audit
     WHERE team_id = $1 AND ($2::bigint IS NULL OR seq < $2) ORDER BY seq DESC LIMIT $3`,
    [tx.teamId, query.before ?? null, query.limit ?? DEFAULT_AUDIT_PAGE],
  )
  const heads = await tx.query<{ seq: string; hash: Buffer }>(
    'SELECT seq, hash FROM audit WHERE team_id = $1 ORDER BY seq DESC LIMIT 1',
    [tx.teamId],
  )
  const head = heads[0]
  return {
    entries: rows.reverse().map((row) => ({
      seq: Number(row.seq),
      at: row.at.toISOString(),
      memberId: row.actor_member,
      deviceId: row.actor_device,
      kind: row.kind,
      subject: row.subject,
      reported: row.reported,
      prevHash: row.prev_hash.toString('base64url'),
      hash: row.hash.toString('base64url'),
    })),
    head: head
      ? { seq: Number(head.seq), hash: head.hash.toString('base64url') }
      : { seq: 0, hash: AUDIT_GENESIS_HASH },
  }
}

/** Something only the device saw (a code copied): logged in the chain, marked as reported by it. */
export const report: TeamHandler<'team:report'> = async (tx, { body }) => {
  await tx.lockTeam()
  await requireClient(tx, body.clientId)
  const records = await tx.query(
    'SELECT 1 FROM records WHERE team_id = $1 AND client_id = $2 AND account_id = $3',
    [tx.teamId, body.clientId, body.accountId],
  )
  if (records.length === 0) {
    throw teamError('not-found', `Account ${body.accountId} is not in client ${body.clientId}.`)
  }
  await tx.audit(body.kind, { clientId: body.clientId, accountId: body.accountId }, { reported: true })
  return { seq: tx.seq }
}
