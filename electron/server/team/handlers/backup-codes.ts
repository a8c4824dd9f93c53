import { bytesOf } from '../bytes.ts'
import {
  afterCodesReissued,
  EXPOSURE_COLUMNS,
  exposureOf,
  exposureValues,
  exposureView,
  type ExposureRow,
} from '../exposure.ts'
import { teamError } from '../team-error.ts'
import type { TeamHandler } from './handler-types.ts'
import { requireClient } from './membership.ts'

/** A new set of backup codes for one account, each sealed alone; it may retire the set it replaces. */
export const addBackupCodes: TeamHandler<'team:add-backup-codes'> = async (tx, { body }) => {
  await tx.lockTeam()
  const client = await requireClient(tx, body.clientId)
  if (body.keyVersion !== client.keyVersion) {
    throw teamError('conflict', `Client ${body.clientId}'s key has changed: sync, then add the codes again.`)
  }
  const records = await tx.query<{ deleted: boolean } & ExposureRow>(
    `SELECT deleted, ${EXPOSURE_COLUMNS} FROM records WHERE team_id = $1 AND client_id = $2 AND account_id = $3
     FOR UPDATE`,
    [tx.teamId, body.clientId, body.accountId],
  )
  const record = records[0]
  if (!record || record.deleted) {
    throw teamError('not-found', `Account ${body.accountId} is not in client ${body.clientId}.`)
  }
  const seq = tx.takeSeq()
  if (body.replacesSetId !== undefined) {
    const retired = await tx.query(
      `UPDATE backup_code_sets SET retired_at = $5, seq = $6
       WHERE team_id = $1 AND id = $2 AND client_id = $3 AND account_id = $4 AND retired_at IS NULL RETURNING 1`,
      [tx.teamId, body.replacesSetId, body.clientId, body.accountId, tx.now, seq],
    )
    if (retired.length === 0) {
      throw teamError(
        'not-found',
        `replacesSetId: set ${body.replacesSetId} is not a current set of this account.`,
      )
    }
  }
  await tx.query(
    `INSERT INTO backup_code_sets (team_id, id, client_id, account_id, key_version, total, seq, created_by_member)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      tx.teamId,
      body.setId,
      body.clientId,
      body.accountId,
      body.keyVersion,
      body.codes.length,
      seq,
      tx.caller.memberId,
    ],
  )
  await tx.query(
    `INSERT INTO backup_codes (team_id, set_id, client_id, idx, sealed)
     SELECT $1, $2, $3, v.idx - 1, v.sealed FROM unnest($4::bytea[]) WITH ORDINALITY AS v(sealed, idx)`,
    [tx.teamId, body.setId, body.clientId, body.codes.map((code) => bytesOf(code, 'sealed backup code'))],
  )
  await tx.audit('backup-codes-added', {
    clientId: body.clientId,
    accountId: body.accountId,
    setId: body.setId,
    codes: body.codes.length,
    ...(body.replacesSetId === undefined ? {} : { replacesSetId: body.replacesSetId }),
  })
  const before = exposureOf(record)
  const exposure = afterCodesReissued(before, tx.now)
  if (exposure !== before) {
    // The record moves in the sequence so every device sees the step done (or the flag gone).
    await tx.query(
      `UPDATE records SET seq = $4,
         (${EXPOSURE_COLUMNS}) = ($5::timestamptz, $6::timestamptz, $7::boolean, $8::timestamptz)
       WHERE team_id = $1 AND client_id = $2 AND account_id = $3`,
      [tx.teamId, body.clientId, body.accountId, seq, ...exposureValues(exposure)],
    )
    if (!exposure) await tx.audit('exposure-cleared', { clientId: body.clientId, accountId: body.accountId })
  }
  return { seq: tx.seq, ...exposureView(exposure) }
}

/**
 * "Use next" on a team account: exactly one unclaimed code, to this device alone. The row lock makes
 * two claims at once take two different codes; when none is left the answer says so.
 */
export const claimBackupCode: TeamHandler<'team:claim-backup-code'> = async (tx, { params }) => {
  await tx.lockTeam()
  const sets = await tx.query<{
    client_id: string
    account_id: string
    key_version: number
    retired_at: Date | null
  }>(
    'SELECT client_id, account_id, key_version, retired_at FROM backup_code_sets WHERE team_id = $1 AND id = $2',
    [tx.teamId, params.set],
  )
  const set = sets[0]
  if (!set) throw teamError('not-found', `Backup-code set ${params.set} is not in this team, or not yours.`)
  if (set.retired_at !== null) {
    throw teamError('backup-codes-exhausted', 'This set of backup codes was replaced by a newer one: sync.')
  }
  const claimed = await tx.query<{ idx: number; sealed: Buffer }>(
    `SELECT idx, sealed FROM backup_codes
     WHERE team_id = $1 AND set_id = $2 AND claimed_at IS NULL
     ORDER BY idx LIMIT 1 FOR UPDATE SKIP LOCKED`,
    [tx.teamId, params.set],
  )
  const code = claimed[0]
  if (!code) {
    throw teamError('backup-codes-exhausted', 'Every backup code of this set has been used: add new ones.')
  }
  const seq = tx.takeSeq()
  await tx.query(
    `UPDATE backup_codes SET claimed_by_device = $3, claimed_by_member = $4, claimed_at = $5
     WHERE team_id = $1 AND set_id = $2 AND idx = $6`,
    [tx.teamId, params.set, tx.caller.deviceId, tx.caller.memberId, tx.now, code.idx],
  )
  await tx.query('UPDATE backup_code_sets SET seq = $3 WHERE team_id = $1 AND id = $2', [
    tx.teamId,
    params.set,
    seq,
  ])
  const others = await tx.query<{ claimed_by_member: string; claimed_at: Date }>(
    `SELECT claimed_by_member, claimed_at FROM backup_codes
     WHERE team_id = $1 AND set_id = $2 AND claimed_at IS NOT NULL AND idx <> $3
     ORDER BY claimed_at, idx`,
    [tx.teamId, params.set, code.idx],
  )
  const remaining = await tx.query<{ count: number }>(
    'SELECT count(*)::int AS count FROM backup_codes WHERE team_id = $1 AND set_id = $2 AND claimed_at IS NULL',
    [tx.teamId, params.set],
  )
  await tx.audit('backup-code-claimed', {
    clientId: set.client_id,
    accountId: set.account_id,
    setId: params.set,
    index: code.idx,
  })
  return {
    setId: params.set,
    index: code.idx,
    keyVersion: set.key_version,
    sealed: code.sealed.toString('base64url'),
    remaining: remaining[0]?.count ?? 0,
    earlierClaims: others.map((row) => ({
      memberId: row.claimed_by_member,
      at: row.claimed_at.toISOString(),
    })),
  }
}
