import { createHash, timingSafeEqual } from 'node:crypto'
import { verifyDeviceCertificate } from '../../../core/team/crypto/device-certificate.ts'
import { useSetupCode } from '../../database/setup-codes.ts'
import { bytesOf } from '../bytes.ts'
import { teamError } from '../team-error.ts'
import { readDevices, readMembers, readOwnerDevice } from '../views.ts'
import type { TeamHandler } from './handler-types.ts'

/**
 * A new team, by the one-time setup code of the server's operator. The owner's first device certifies
 * itself: every other certificate chains to its key, which each device pins.
 */
export const createTeam: TeamHandler<'team:create'> = async (tx, { body }) => {
  const use = await useSetupCode(tx.sql, body.setupCode)
  if (use !== 'accepted') {
    throw teamError(
      'setup-code-invalid',
      use === 'already-used'
        ? 'This setup code was used already: ask the server’s operator for a new one.'
        : 'This setup code is not valid: ask the server’s operator for a fresh one (twofold-server setup-code).',
    )
  }
  const device = body.device
  const agreementKey = bytesOf(device.agreementKey, 'agreement key', 32)
  const signingKey = bytesOf(device.signingKey, 'signing key', 32)
  const certificate = bytesOf(device.certificate, 'certificate', 64)
  const certified = verifyDeviceCertificate(
    signingKey,
    {
      teamId: body.teamId,
      memberId: body.memberId,
      deviceId: device.deviceId,
      role: 'owner',
      agreementKey,
      signingKey,
      issuedAt: device.issuedAt,
    },
    certificate,
  )
  if (!certified) {
    throw teamError('invalid-request', 'The owner device’s certificate is not signed by its own signing key.')
  }
  await tx.query('INSERT INTO teams (id, name, seq) VALUES ($1, $2, 0)', [body.teamId, body.teamName])
  tx.adoptNewTeam()
  const seq = tx.takeSeq()
  await tx.query(
    `INSERT INTO members (team_id, id, name, role, status, seq) VALUES ($1, $2, $3, 'owner', 'active', $4)`,
    [body.teamId, body.memberId, body.memberName, seq],
  )
  await tx.query(
    `INSERT INTO devices (team_id, id, member_id, agreement_key, signing_key, certificate, issued_at,
       certified_by, status, seq)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $2, 'active', $8)`,
    [
      body.teamId,
      device.deviceId,
      body.memberId,
      agreementKey,
      signingKey,
      certificate,
      device.issuedAt,
      seq,
    ],
  )
  await tx.audit(
    'team-created',
    { memberId: body.memberId, deviceId: device.deviceId },
    { actor: { memberId: body.memberId, deviceId: device.deviceId } },
  )
  return { teamId: body.teamId, memberId: body.memberId, deviceId: device.deviceId, seq: tx.seq }
}

const inviteRefused = () =>
  teamError(
    'invite-invalid',
    'This invite is not valid: it may have expired or been used. Ask for a new one.',
  )

/**
 * A device joins with an invite: it proves it was given the invite (the server compares the hash of
 * its auth value) and leaves the proof over its keys for an admin's Twofold to check. It stays pending,
 * with no key to anything, until an admin certifies it. Every refusal reads the same, so an invite id
 * cannot be probed.
 */
export const joinTeam: TeamHandler<'team:join'> = async (tx, { body }) => {
  if (!(await tx.lockTeam())) throw inviteRefused()
  const invites = await tx.query<{
    member_id: string
    auth_hash: Buffer
    expires_at: Date
    used_at: Date | null
  }>(
    'SELECT member_id, auth_hash, expires_at, used_at FROM invites WHERE team_id = $1 AND id = $2 FOR UPDATE',
    [tx.teamId, body.inviteId],
  )
  const invite = invites[0]
  const authHash = createHash('sha256')
    .update(bytesOf(body.inviteAuth, 'invite auth value', 32))
    .digest()
  if (
    invite === undefined ||
    !timingSafeEqual(authHash, invite.auth_hash) ||
    invite.used_at !== null ||
    invite.expires_at.getTime() <= tx.now.getTime()
  ) {
    throw inviteRefused()
  }
  const members = await tx.query<{ status: string }>(
    'SELECT status FROM members WHERE team_id = $1 AND id = $2 FOR UPDATE',
    [tx.teamId, invite.member_id],
  )
  // An unused invite names either a new member ('invited') or, from team:invite-device, an active
  // member gaining a device; a member removed (or mid-join) meanwhile takes no device.
  const memberStatus = members[0]?.status
  if (memberStatus !== 'invited' && memberStatus !== 'active') throw inviteRefused()
  const anotherDevice = memberStatus === 'active'

  const seq = tx.takeSeq()
  await tx.query(
    `INSERT INTO devices (team_id, id, member_id, agreement_key, signing_key, status, join_proof, invite_id, seq)
     VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7, $8)`,
    [
      tx.teamId,
      body.device.deviceId,
      invite.member_id,
      bytesOf(body.device.agreementKey, 'agreement key', 32),
      bytesOf(body.device.signingKey, 'signing key', 32),
      bytesOf(body.proof, 'join proof', 32),
      body.inviteId,
      seq,
    ],
  )
  await tx.query('UPDATE invites SET used_at = $3 WHERE team_id = $1 AND id = $2', [
    tx.teamId,
    body.inviteId,
    tx.now,
  ])
  if (!anotherDevice)
    await tx.query(`UPDATE members SET status = 'joined', seq = $3 WHERE team_id = $1 AND id = $2`, [
      tx.teamId,
      invite.member_id,
      seq,
    ])
  await tx.audit(
    'device-joined',
    { memberId: invite.member_id, deviceId: body.device.deviceId, inviteId: body.inviteId },
    { actor: { memberId: invite.member_id, deviceId: body.device.deviceId } },
  )
  return { memberId: invite.member_id, deviceId: body.device.deviceId, status: 'pending' }
}

export const me: TeamHandler<'team:me'> = async (tx) => {
  const teams = await tx.query<{ name: string; seq: string }>('SELECT name, seq FROM teams WHERE id = $1', [
    tx.teamId,
  ])
  const [member] = await readMembers(tx, tx.caller.memberId)
  const [device] = await readDevices(tx, { deviceId: tx.caller.deviceId })
  const ownerDevice = await readOwnerDevice(tx)
  const team = teams[0]
  if (!team || !member || !device || !ownerDevice) throw teamError('not-found', 'This team is not here.')
  return { team: { teamId: tx.teamId, name: team.name }, member, device, ownerDevice, seq: Number(team.seq) }
}
