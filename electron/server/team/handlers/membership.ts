import { bytesOf } from '../bytes.ts'
import { requireCallerCertificate } from '../caller-certificate.ts'
import { teamError } from '../team-error.ts'
import type { TeamTx } from '../team-tx.ts'
import type { TeamHandler } from './handler-types.ts'
import { insertWrappedKey, wrapChecker } from './wrapped-keys.ts'

const MAX_INVITE_DAYS = 30
const DAY_MS = 24 * 60 * 60 * 1000

/** When an invite (a new member's or one more device's) stops working: in the future, at most 30 days on. */
export function inviteExpiry(tx: TeamTx, text: string): Date {
  const expiresAt = new Date(text)
  if (expiresAt.getTime() <= tx.now.getTime()) {
    throw teamError('invalid-request', 'expiresAt: the invite would expire before it is sent.')
  }
  if (expiresAt.getTime() > tx.now.getTime() + MAX_INVITE_DAYS * DAY_MS) {
    throw teamError('invalid-request', `expiresAt: an invite may last at most ${MAX_INVITE_DAYS} days.`)
  }
  return expiresAt
}

export const invite: TeamHandler<'team:invite'> = async (tx, { body }) => {
  const expiresAt = inviteExpiry(tx, body.expiresAt)
  await tx.lockTeam()
  const seq = tx.takeSeq()
  await tx.query(
    `INSERT INTO members (team_id, id, name, role, status, seq) VALUES ($1, $2, $3, $4, 'invited', $5)`,
    [tx.teamId, body.memberId, body.memberName, body.role, seq],
  )
  // An admin holds every client; only a member's clients are listed.
  if (body.role === 'member') {
    for (const clientId of new Set(body.clientIds)) {
      await requireClient(tx, clientId)
      await tx.query('INSERT INTO grants (team_id, member_id, client_id, seq) VALUES ($1, $2, $3, $4)', [
        tx.teamId,
        body.memberId,
        clientId,
        seq,
      ])
    }
  }
  await tx.query(
    `INSERT INTO invites (team_id, id, member_id, auth_hash, expires_at, created_by_member)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [
      tx.teamId,
      body.inviteId,
      body.memberId,
      bytesOf(body.authHash, 'auth hash', 32),
      expiresAt,
      tx.caller.memberId,
    ],
  )
  await tx.audit('member-invited', { memberId: body.memberId, inviteId: body.inviteId, role: body.role })
  return { inviteId: body.inviteId, memberId: body.memberId }
}

/** The client's current key version, or not-found when it is not a client the caller holds. */
export async function requireClient(tx: TeamTx, clientId: string, options: { lock?: boolean } = {}) {
  const rows = await tx.query<{ key_version: number }>(
    `SELECT key_version FROM clients WHERE team_id = $1 AND id = $2${options.lock ? ' FOR UPDATE' : ''}`,
    [tx.teamId, clientId],
  )
  const row = rows[0]
  if (!row) throw teamError('not-found', `Client ${clientId} is not in this team, or not yours.`)
  return { keyVersion: row.key_version }
}

interface MemberRecord {
  role: 'owner' | 'admin' | 'member'
  status: 'invited' | 'joined' | 'active' | 'removed'
}

export async function requireMember(tx: TeamTx, memberId: string): Promise<MemberRecord> {
  const rows = await tx.query<MemberRecord>(
    'SELECT role, status FROM members WHERE team_id = $1 AND id = $2 FOR UPDATE',
    [tx.teamId, memberId],
  )
  const row = rows[0]
  if (!row) throw teamError('not-found', `Member ${memberId} is not in this team.`)
  return row
}

/** Whether a member holds a client right now: owner and admins all of them, a member the granted ones. */
async function memberHolds(tx: TeamTx, memberId: string, role: MemberRecord['role'], clientId: string) {
  if (role !== 'member') return true
  const rows = await tx.query(
    'SELECT 1 FROM grants WHERE team_id = $1 AND member_id = $2 AND client_id = $3',
    [tx.teamId, memberId, clientId],
  )
  return rows.length > 0
}

/**
 * An admin's Twofold checked the join proof and certifies the device: the certificate must verify
 * under the admin's own signing key (so the server stores nothing it could have made up), and the
 * device gets the keys of the clients its member holds, at their current versions.
 */
export const confirmDevice: TeamHandler<'team:confirm-device'> = async (tx, { params, body }) => {
  await tx.lockTeam()
  const devices = await tx.query<{
    member_id: string
    status: string
    agreement_key: Buffer
    signing_key: Buffer
  }>(
    'SELECT member_id, status, agreement_key, signing_key FROM devices WHERE team_id = $1 AND id = $2 FOR UPDATE',
    [tx.teamId, params.device],
  )
  const device = devices[0]
  if (!device) throw teamError('not-found', `Device ${params.device} is not in this team.`)
  if (device.status !== 'pending') throw teamError('conflict', 'This device is not waiting to be confirmed.')
  const member = await requireMember(tx, device.member_id)
  // 'joined': a new member's first device; 'active': one more device of a member (team:invite-device).
  if (member.status !== 'joined' && member.status !== 'active')
    throw teamError('conflict', 'This device’s member is not waiting to be confirmed.')

  const certificate = await requireCallerCertificate(
    tx,
    {
      memberId: device.member_id,
      deviceId: params.device,
      role: member.role,
      agreementKey: device.agreement_key,
      signingKey: device.signing_key,
    },
    body,
  )
  const seq = tx.takeSeq()
  const checkWrap = await wrapChecker(tx)
  for (const key of body.wrappedKeys) {
    const client = await requireClient(tx, key.clientId)
    if (!(await memberHolds(tx, device.member_id, member.role, key.clientId))) {
      throw teamError('forbidden', `This member does not hold client ${key.clientId}.`)
    }
    if (key.keyVersion !== client.keyVersion) {
      throw teamError('conflict', `Client ${key.clientId}'s key has changed: sync and confirm again.`)
    }
    await insertWrappedKey(tx, checkWrap({ ...key, deviceId: params.device }), seq)
  }
  await tx.query(
    `UPDATE devices SET certificate = $3, issued_at = $4, certified_by = $5, status = 'active', seq = $6
     WHERE team_id = $1 AND id = $2`,
    [tx.teamId, params.device, certificate, body.issuedAt, tx.caller.deviceId, seq],
  )
  await tx.query(`UPDATE members SET status = 'active', seq = $3 WHERE team_id = $1 AND id = $2`, [
    tx.teamId,
    device.member_id,
    seq,
  ])
  await tx.audit('device-confirmed', { memberId: device.member_id, deviceId: params.device })
  return { seq: tx.seq }
}

export const grant: TeamHandler<'team:grant'> = async (tx, { body }) => {
  await tx.lockTeam()
  const member = await requireMember(tx, body.memberId)
  if (member.status === 'removed') throw teamError('conflict', 'This member has been removed from the team.')
  if (member.role !== 'member') throw teamError('conflict', 'Admins and the owner hold every client already.')
  const client = await requireClient(tx, body.clientId)
  const seq = tx.takeSeq()
  await tx.query(
    `INSERT INTO grants (team_id, member_id, client_id, seq) VALUES ($1, $2, $3, $4)
     ON CONFLICT (team_id, member_id, client_id) DO NOTHING`,
    [tx.teamId, body.memberId, body.clientId, seq],
  )
  const checkWrap = await wrapChecker(tx)
  for (const key of body.wrappedKeys) {
    const devices = await tx.query<{ status: string }>(
      'SELECT status FROM devices WHERE team_id = $1 AND id = $2 AND member_id = $3',
      [tx.teamId, key.deviceId, body.memberId],
    )
    if (devices[0]?.status !== 'active') {
      throw teamError('conflict', `Device ${key.deviceId} is not an active device of this member.`)
    }
    if (key.keyVersion !== client.keyVersion) {
      throw teamError('conflict', `Client ${body.clientId}'s key has changed: sync and grant again.`)
    }
    await insertWrappedKey(tx, checkWrap({ ...key, clientId: body.clientId }), seq)
  }
  await tx.audit('client-granted', { memberId: body.memberId, clientId: body.clientId })
  return { seq: tx.seq }
}
