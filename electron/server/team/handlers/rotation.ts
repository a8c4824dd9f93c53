import type { z } from 'zod'
import type { rotationSchema } from '../../../../shared/team/team-api.ts'
import { bytesOf } from '../bytes.ts'
import { teamError } from '../team-error.ts'
import type { TeamTx } from '../team-tx.ts'
import type { TeamHandler } from './handler-types.ts'
import { replaceInboxKeyOnRotation } from './inbox-rotation.ts'
import { requireClient, requireMember } from './membership.ts'
import { wrapChecker } from './wrapped-keys.ts'

type Rotation = z.infer<typeof rotationSchema>

const rotationRefused = (clientId: string, why: string) =>
  teamError('conflict', `The new key for client ${clientId} was not applied: ${why} Sync and try again.`)

/**
 * A client's new key, applied whole or not at all (the caller's transaction): the version moves by
 * exactly one, the name and every record are replaced by their re-sealed forms (and the unclaimed codes
 * of each set the admin re-sealed), and exactly one new wrapped key goes to each device that keeps the
 * client. Every record is flagged
 * exposed: whoever left could have copied its secret (and read its backup codes) before the key changed.
 */
export async function applyRotation(tx: TeamTx, rotation: Rotation): Promise<void> {
  const { clientId } = rotation
  const client = await requireClient(tx, clientId, { lock: true })
  if (rotation.newKeyVersion !== client.keyVersion + 1) {
    throw rotationRefused(clientId, `its key version must be ${client.keyVersion + 1}.`)
  }

  const current = await tx.query<{ account_id: string; revision: string }>(
    'SELECT account_id, revision FROM records WHERE team_id = $1 AND client_id = $2 FOR UPDATE',
    [tx.teamId, clientId],
  )
  const given = new Map(rotation.records.map((record) => [record.accountId, record]))
  if (given.size !== rotation.records.length) throw rotationRefused(clientId, 'an account is listed twice.')
  for (const row of current) {
    const record = given.get(row.account_id)
    if (!record) throw rotationRefused(clientId, `account ${row.account_id} is missing.`)
    if (record.revision !== Number(row.revision)) {
      throw rotationRefused(clientId, `account ${row.account_id} changed since it was re-sealed.`)
    }
  }
  if (given.size !== current.length)
    throw rotationRefused(clientId, 'it lists an account the client does not have.')

  const resealedSets = await checkResealedCodes(tx, rotation)
  const replaceInboxKey = await replaceInboxKeyOnRotation(tx, rotation)

  await requireExactKeyholders(tx, rotation)
  const checkWrap = await wrapChecker(tx)
  const wrappedKeys = rotation.wrappedKeys.map((key) =>
    checkWrap({ ...key, clientId, keyVersion: rotation.newKeyVersion }),
  )

  const first = tx.takeSeq(current.length + 1)
  await tx.query(
    'UPDATE clients SET key_version = $3, sealed_name = $4, seq = $5 WHERE team_id = $1 AND id = $2',
    [tx.teamId, clientId, rotation.newKeyVersion, bytesOf(rotation.sealedName, 'sealed name'), first],
  )
  if (rotation.records.length > 0) {
    await tx.query(
      // Exposed again while half cleared (a second removal): both steps start over, and the set
      // stored now is one whoever left could have read.
      `UPDATE records r SET sealed = v.sealed, key_version = $3, seq = v.seq,
         exposed_since = coalesce(r.exposed_since, $4),
         exposure_secret_replaced_at = NULL, exposure_codes_reissued_at = NULL,
         exposure_codes_needed = EXISTS (SELECT 1 FROM backup_code_sets s
           WHERE s.team_id = r.team_id AND s.client_id = r.client_id AND s.account_id = r.account_id
             AND s.retired_at IS NULL)
       FROM unnest($5::uuid[], $6::bytea[], $7::bigint[]) AS v(account_id, sealed, seq)
       WHERE r.team_id = $1 AND r.client_id = $2 AND r.account_id = v.account_id`,
      [
        tx.teamId,
        clientId,
        rotation.newKeyVersion,
        tx.now,
        rotation.records.map((record) => record.accountId),
        rotation.records.map((record) => bytesOf(record.sealed, 'sealed record')),
        rotation.records.map((_, index) => first + 1 + index),
      ],
    )
  }
  if (rotation.backupCodes.length > 0) {
    await tx.query(
      `UPDATE backup_codes c SET sealed = v.sealed
       FROM unnest($3::uuid[], $4::int[], $5::bytea[]) AS v(set_id, idx, sealed)
       WHERE c.team_id = $1 AND c.client_id = $2 AND c.set_id = v.set_id AND c.idx = v.idx`,
      [
        tx.teamId,
        clientId,
        rotation.backupCodes.map((code) => code.setId),
        rotation.backupCodes.map((code) => code.index),
        rotation.backupCodes.map((code) => bytesOf(code.sealed, 'sealed backup code')),
      ],
    )
  }
  await tx.query(
    'UPDATE backup_code_sets SET key_version = $3, seq = $4 WHERE team_id = $1 AND id = ANY($2::uuid[])',
    [tx.teamId, [...resealedSets], rotation.newKeyVersion, first],
  )
  // An older key stays with the devices that keep the client only while a set still needs it.
  await tx.query(
    `DELETE FROM wrapped_keys WHERE team_id = $1 AND client_id = $2 AND key_version NOT IN (
       SELECT key_version FROM backup_code_sets WHERE team_id = $1 AND client_id = $2 AND retired_at IS NULL)`,
    [tx.teamId, clientId],
  )
  await tx.query(
    `INSERT INTO wrapped_keys (team_id, client_id, device_id, key_version, wrapped, seq, signed_by, signature)
     SELECT $1, $2, v.device_id, $3, v.wrapped, $4, $5, v.signature
     FROM unnest($6::uuid[], $7::bytea[], $8::bytea[]) AS v(device_id, wrapped, signature)`,
    [
      tx.teamId,
      clientId,
      rotation.newKeyVersion,
      first,
      tx.caller.deviceId,
      wrappedKeys.map((key) => key.deviceId),
      wrappedKeys.map((key) => key.wrapped),
      wrappedKeys.map((key) => key.signature),
    ],
  )
  await replaceInboxKey(first)
  await tx.audit('key-rotated', { clientId, keyVersion: rotation.newKeyVersion, records: current.length })
}

/**
 * Only the device that made a set, or claimed a code, ever saw codes: an admin can re-seal the
 * unclaimed codes of a set it has, and then must re-seal all of them; a set it leaves out keeps its
 * older key version (the keeping devices keep that key) until someone issues new codes, which the
 * exposure flag asks for. Returns the sets moved to the new key.
 */
async function checkResealedCodes(tx: TeamTx, rotation: Rotation): Promise<Set<string>> {
  const codes = await tx.query<{ set_id: string; idx: number; unclaimed: boolean }>(
    `SELECT c.set_id, c.idx, c.claimed_at IS NULL AS unclaimed FROM backup_codes c
     JOIN backup_code_sets s ON s.team_id = c.team_id AND s.id = c.set_id
     WHERE c.team_id = $1 AND c.client_id = $2 AND s.retired_at IS NULL FOR UPDATE OF c`,
    [tx.teamId, rotation.clientId],
  )
  const codeKey = (setId: string, index: number) => `${setId}/${index}`
  const resealed = new Set(rotation.backupCodes.map((code) => codeKey(code.setId, code.index)))
  const resealedSets = new Set(rotation.backupCodes.map((code) => code.setId))
  const known = new Set(codes.map((code) => codeKey(code.set_id, code.idx)))
  for (const key of resealed) {
    if (!known.has(key)) {
      throw rotationRefused(rotation.clientId, 'it lists a backup code the client does not have.')
    }
  }
  for (const code of codes) {
    if (code.unclaimed && resealedSets.has(code.set_id) && !resealed.has(codeKey(code.set_id, code.idx))) {
      throw rotationRefused(rotation.clientId, `backup code ${code.idx} of set ${code.set_id} is missing.`)
    }
  }
  return resealedSets
}

/**
 * The new key goes to every active device of every active member who still holds the client, and to
 * no other: a device confirmed meanwhile would otherwise lose the client, and one of a member who just
 * left would keep it.
 */
async function requireExactKeyholders(tx: TeamTx, rotation: Rotation): Promise<void> {
  const holders = await tx.query<{ id: string }>(
    `SELECT d.id FROM devices d JOIN members m ON m.team_id = d.team_id AND m.id = d.member_id
     WHERE d.team_id = $1 AND d.status = 'active' AND m.status = 'active'
       AND (m.role <> 'member' OR EXISTS (SELECT 1 FROM grants g
             WHERE g.team_id = m.team_id AND g.member_id = m.id AND g.client_id = $2))`,
    [tx.teamId, rotation.clientId],
  )
  const expected = new Set(holders.map((row) => row.id))
  const given = new Set(rotation.wrappedKeys.map((key) => key.deviceId))
  if (given.size !== rotation.wrappedKeys.length) {
    throw rotationRefused(rotation.clientId, 'a device is listed twice.')
  }
  for (const deviceId of expected) {
    if (!given.has(deviceId)) throw rotationRefused(rotation.clientId, `device ${deviceId} gets no key.`)
  }
  for (const deviceId of given) {
    if (!expected.has(deviceId)) {
      throw rotationRefused(rotation.clientId, `device ${deviceId} no longer keeps this client.`)
    }
  }
}

/** A member loses one client: the grant and their devices' keys go, and the client gets a new key. */
export const revoke: TeamHandler<'team:revoke'> = async (tx, { body }) => {
  if (body.rotation.clientId !== body.clientId) {
    throw teamError('invalid-request', 'rotation.clientId: the rotation must be of the revoked client.')
  }
  await tx.lockTeam()
  const member = await requireMember(tx, body.memberId)
  if (member.role !== 'member') {
    throw teamError('conflict', 'Admins and the owner hold every client: change their role or remove them.')
  }
  const removed = await tx.query(
    'DELETE FROM grants WHERE team_id = $1 AND member_id = $2 AND client_id = $3 RETURNING 1',
    [tx.teamId, body.memberId, body.clientId],
  )
  if (removed.length === 0) throw teamError('not-found', 'This member does not hold this client.')
  await tx.query(
    `DELETE FROM wrapped_keys WHERE team_id = $1 AND client_id = $2
       AND device_id IN (SELECT id FROM devices WHERE team_id = $1 AND member_id = $3)`,
    [tx.teamId, body.clientId, body.memberId],
  )
  await tx.audit('client-revoked', { memberId: body.memberId, clientId: body.clientId })
  await applyRotation(tx, body.rotation)
  return { seq: tx.seq }
}

/**
 * A member leaves: refused from this commit on (their devices and membership marked removed), their
 * keys deleted, and every client they could read rotated in the same transaction.
 */
export const removeMember: TeamHandler<'team:remove-member'> = async (tx, { params, body }) => {
  await tx.lockTeam()
  const member = await requireMember(tx, params.member)
  if (member.status === 'removed') throw teamError('conflict', 'This member was removed already.')
  if (member.role === 'owner') throw teamError('forbidden', 'The owner cannot be removed.')
  if (params.member === tx.caller.memberId) throw teamError('conflict', 'Ask another admin to remove you.')

  const held = await heldClients(tx, params.member, member.role)
  requireRotationsOf(held, body.rotations, 'member')

  const seq = tx.takeSeq()
  await tx.query(`UPDATE members SET status = 'removed', seq = $3 WHERE team_id = $1 AND id = $2`, [
    tx.teamId,
    params.member,
    seq,
  ])
  await tx.query(`UPDATE devices SET status = 'removed', seq = $3 WHERE team_id = $1 AND member_id = $2`, [
    tx.teamId,
    params.member,
    seq,
  ])
  await tx.query(
    `DELETE FROM wrapped_keys WHERE team_id = $1
       AND device_id IN (SELECT id FROM devices WHERE team_id = $1 AND member_id = $2)`,
    [tx.teamId, params.member],
  )
  await tx.query('DELETE FROM grants WHERE team_id = $1 AND member_id = $2', [tx.teamId, params.member])
  await tx.audit('member-removed', { memberId: params.member })
  for (const rotation of body.rotations) await applyRotation(tx, rotation)
  return { seq: tx.seq }
}

/** A removal rotates exactly the clients the one leaving held: each once, none left out, no other. */
export function requireRotationsOf(
  held: ReadonlySet<string>,
  rotations: readonly Rotation[],
  leaving: 'member' | 'device',
): void {
  const rotated = new Set(rotations.map((rotation) => rotation.clientId))
  if (rotated.size !== rotations.length) {
    throw teamError('invalid-request', 'rotations: a client is listed twice.')
  }
  for (const clientId of held) {
    if (!rotated.has(clientId))
      throw rotationRefused(clientId, `the ${leaving} held it, so it needs a new key.`)
  }
  for (const clientId of rotated) {
    if (!held.has(clientId))
      throw teamError('invalid-request', `rotations: the ${leaving} never held client ${clientId}.`)
  }
}

/**
 * The clients whose key the member (or only that one of their devices) could have had: those the
 * member holds, once the device (or one of theirs) was certified — a device that never got past the
 * join never received a key.
 */
export async function heldClients(
  tx: TeamTx,
  memberId: string,
  role: string,
  options: { deviceId?: string } = {},
): Promise<Set<string>> {
  const certified = await tx.query(
    `SELECT 1 FROM devices WHERE team_id = $1 AND member_id = $2 AND certificate IS NOT NULL
       AND ($3::uuid IS NULL OR id = $3)`,
    [tx.teamId, memberId, options.deviceId ?? null],
  )
  if (certified.length === 0) return new Set()
  const rows =
    role === 'member'
      ? await tx.query<{ client_id: string }>(
          'SELECT client_id FROM grants WHERE team_id = $1 AND member_id = $2',
          [tx.teamId, memberId],
        )
      : await tx.query<{ client_id: string }>('SELECT id AS client_id FROM clients WHERE team_id = $1', [
          tx.teamId,
        ])
  return new Set(rows.map((row) => row.client_id))
}
