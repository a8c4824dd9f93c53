import { requireCallerCertificate } from '../caller-certificate.ts'
import { teamError } from '../team-error.ts'
import type { TeamHandler } from './handler-types.ts'
import { requireMember } from './membership.ts'

const roleRank = { member: 0, admin: 1, owner: 2 } as const

/**
 * An owner's or admin's device vouches for an active device itself: the new certificate must verify
 * under the caller's own signing key, for the device's keys and its member's role as stored, and for a
 * role no higher than the caller's. Desktops trust a device only through a chain of certificates to the
 * owner key and drop a removed device's signatures; re-certifying before a removal keeps the devices
 * the one leaving had certified in that chain. No old certificate is trusted for its date: the server
 * could write any date.
 */
export const recertifyDevice: TeamHandler<'team:recertify-device'> = async (tx, { params, body }) => {
  await tx.lockTeam()
  const devices = await tx.query<{
    member_id: string
    status: string
    agreement_key: Buffer
    signing_key: Buffer
    certified_by: string | null
  }>(
    `SELECT member_id, status, agreement_key, signing_key, certified_by FROM devices
     WHERE team_id = $1 AND id = $2 FOR UPDATE`,
    [tx.teamId, params.device],
  )
  const device = devices[0]
  if (!device) throw teamError('not-found', `Device ${params.device} is not in this team.`)
  if (device.status !== 'active') throw teamError('conflict', 'Only an active device can be certified again.')
  const member = await requireMember(tx, device.member_id)
  if (member.status !== 'active') throw teamError('conflict', 'This device’s member is not active.')
  if (params.device === tx.caller.deviceId)
    throw teamError('conflict', 'A device cannot certify itself: ask another admin.')
  if (roleRank[member.role] > roleRank[tx.caller.role])
    throw teamError('forbidden', 'Only the owner can certify the owner’s devices.')

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
  await tx.query(
    `UPDATE devices SET certificate = $3, issued_at = $4, certified_by = $5, seq = $6
     WHERE team_id = $1 AND id = $2`,
    [tx.teamId, params.device, certificate, body.issuedAt, tx.caller.deviceId, seq],
  )
  await tx.audit('device-recertified', {
    memberId: device.member_id,
    deviceId: params.device,
    ...(device.certified_by ? { previousCertifier: device.certified_by } : {}),
  })
  return { seq: tx.seq }
}
