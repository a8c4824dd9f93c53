import { bytesOf } from '../bytes.ts'
import { callerSigningKey, certifiedByCaller } from '../caller-certificate.ts'
import { teamError } from '../team-error.ts'
import type { TeamTx } from '../team-tx.ts'
import type { TeamHandler, TeamInput } from './handler-types.ts'
import { requireClient, requireMember } from './membership.ts'
import { applyRotation, heldClients, requireRotationsOf } from './rotation.ts'
import { insertWrappedKey, wrapChecker } from './wrapped-keys.ts'

type Body = TeamInput<'team:change-role'>['body']

/**
 * A member becomes an admin, or an admin a member, in one transaction, so no device ever sees a half:
 * the role without certificates that say it (colleagues' Twofold would stop trusting the member's
 * devices: a certificate binds the role), certificates without the role, or an admin without the keys
 * of every client. Demotion is the owner's alone: an admin could otherwise demote the admins beside
 * them, and it rotates every client the member does not keep, exactly as a revocation would.
 */
export const changeRole: TeamHandler<'team:change-role'> = async (tx, { params, body }) => {
  await tx.lockTeam()
  const member = await requireMember(tx, params.member)
  if (member.status === 'removed') throw teamError('conflict', 'This member has been removed from the team.')
  if (member.role === 'owner') throw teamError('forbidden', "The team owner's role cannot be changed.")
  if (params.member === tx.caller.memberId)
    throw teamError('conflict', 'You cannot change your own role: ask the owner.')
  if (member.role === body.role) throw teamError('conflict', `This member is already ${articled(body.role)}.`)
  if (body.role === 'member' && tx.caller.role !== 'owner')
    throw teamError('forbidden', "Only the team's owner can make an admin a member again.")
  if (body.role === 'admin' && (body.keepClientIds.length > 0 || body.rotations.length > 0))
    throw teamError('invalid-request', 'keepClientIds, rotations: an admin keeps every client.')
  if (body.role === 'member' && body.wrappedKeys.length > 0)
    throw teamError('invalid-request', 'wrappedKeys: a member demoted already holds the keys they keep.')

  const devices = await recertified(tx, params.member, body)
  const seq = tx.takeSeq()
  await tx.query('UPDATE members SET role = $3, seq = $4 WHERE team_id = $1 AND id = $2', [
    tx.teamId,
    params.member,
    body.role,
    seq,
  ])
  for (const device of devices) {
    await tx.query(
      `UPDATE devices SET certificate = $3, issued_at = $4, certified_by = $5, seq = $6
       WHERE team_id = $1 AND id = $2`,
      [tx.teamId, device.deviceId, device.certificate, device.issuedAt, tx.caller.deviceId, seq],
    )
  }
  // An admin holds every client: grants are a member's list, and one is made again on demotion.
  await tx.query('DELETE FROM grants WHERE team_id = $1 AND member_id = $2', [tx.teamId, params.member])
  await tx.audit('role-changed', { memberId: params.member, from: member.role, to: body.role })
  if (body.role === 'admin') await wrapEveryClient(tx, devices, body, seq)
  else await keepOnly(tx, params.member, body, seq)
  return { seq: tx.seq }
}

const articled = (role: string) => (role === 'admin' ? 'an admin' : 'a member')

/**
 * The new certificates, exactly one for each active device of the member, each verifying under the
 * caller's own signing key for the new role: a device left with its old certificate would drop out of
 * every colleague's trust (the role it names is no longer the member's).
 */
async function recertified(tx: TeamTx, memberId: string, body: Body) {
  const rows = await tx.query<{ id: string; agreement_key: Buffer; signing_key: Buffer }>(
    `SELECT id, agreement_key, signing_key FROM devices
     WHERE team_id = $1 AND member_id = $2 AND status = 'active' FOR UPDATE`,
    [tx.teamId, memberId],
  )
  const given = new Map(body.certificates.map((entry) => [entry.deviceId, entry]))
  if (given.size !== body.certificates.length)
    throw teamError('invalid-request', 'certificates: a device is listed twice.')
  if (given.size !== rows.length || rows.some((row) => !given.has(row.id)))
    throw teamError(
      'conflict',
      "certificates: one for each of the member's active devices; sync and try again.",
    )
  const signer = await callerSigningKey(tx)
  return rows.map((row) => {
    const entry = given.get(row.id)
    if (!entry) throw teamError('conflict', `certificates: device ${row.id} has none.`)
    const certificate = bytesOf(entry.certificate, 'certificate', 64)
    const valid = certifiedByCaller(
      tx,
      signer,
      {
        memberId,
        deviceId: row.id,
        role: body.role,
        agreementKey: row.agreement_key,
        signingKey: row.signing_key,
      },
      entry.issuedAt,
      certificate,
    )
    if (!valid)
      throw teamError(
        'invalid-request',
        `certificates: device ${row.id}'s is not its certificate as ${articled(body.role)} signed by your device.`,
      )
    return { deviceId: row.id, certificate, issuedAt: entry.issuedAt }
  })
}

/** Every client's current key, signed by the caller, for every one of the new admin's devices: none missing. */
async function wrapEveryClient(
  tx: TeamTx,
  devices: readonly { deviceId: string }[],
  body: Body,
  seq: number,
): Promise<void> {
  const clients = await tx.query<{ id: string; key_version: number }>(
    'SELECT id, key_version FROM clients WHERE team_id = $1',
    [tx.teamId],
  )
  const place = (clientId: string, deviceId: string) => `${clientId}/${deviceId}`
  const given = new Map(body.wrappedKeys.map((key) => [place(key.clientId, key.deviceId), key]))
  if (given.size !== body.wrappedKeys.length)
    throw teamError('invalid-request', 'wrappedKeys: a client key is listed twice for one device.')
  const version = new Map(clients.map((client) => [client.id, client.key_version]))
  for (const key of body.wrappedKeys) {
    if (!devices.some((device) => device.deviceId === key.deviceId))
      throw teamError(
        'invalid-request',
        `wrappedKeys: device ${key.deviceId} is not an active device of this member.`,
      )
    if (version.get(key.clientId) !== key.keyVersion)
      throw teamError('conflict', `Client ${key.clientId}'s key has changed: sync and try again.`)
  }
  for (const client of clients) {
    for (const device of devices) {
      if (!given.has(place(client.id, device.deviceId)))
        throw teamError(
          'conflict',
          `wrappedKeys: device ${device.deviceId} gets no key for client ${client.id}; sync and try again.`,
        )
    }
  }
  const checkWrap = await wrapChecker(tx)
  for (const key of body.wrappedKeys) await insertWrappedKey(tx, checkWrap(key), seq)
}

/**
 * A demoted admin keeps the chosen clients (granted again) and loses the others: their keys go from
 * the member's devices and each of those clients is rotated, its accounts flagged exposed, as for a
 * revocation — an admin's Twofold held every key and may have kept copies.
 */
async function keepOnly(tx: TeamTx, memberId: string, body: Body, seq: number): Promise<void> {
  const keep = new Set(body.keepClientIds)
  for (const clientId of keep) {
    await requireClient(tx, clientId)
    await tx.query('INSERT INTO grants (team_id, member_id, client_id, seq) VALUES ($1, $2, $3, $4)', [
      tx.teamId,
      memberId,
      clientId,
      seq,
    ])
  }
  const held = await heldClients(tx, memberId, 'admin')
  const losing = new Set([...held].filter((clientId) => !keep.has(clientId)))
  requireRotationsOf(losing, body.rotations, 'member')
  await tx.query(
    `DELETE FROM wrapped_keys WHERE team_id = $1 AND NOT (client_id = ANY($3::uuid[]))
       AND device_id IN (SELECT id FROM devices WHERE team_id = $1 AND member_id = $2)`,
    [tx.teamId, memberId, [...keep]],
  )
  for (const rotation of body.rotations) {
    await tx.audit('client-revoked', { memberId, clientId: rotation.clientId })
    await applyRotation(tx, rotation)
  }
}
