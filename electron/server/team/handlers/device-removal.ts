import { teamError } from '../team-error.ts'
import type { TeamHandler } from './handler-types.ts'
import { requireMember } from './membership.ts'
import { applyRotation, heldClients, requireRotationsOf } from './rotation.ts'

/**
 * One device goes (lost, sold, replaced) while its member stays: refused from this commit on, its
 * wrapped keys deleted, and every client it could read rotated in the same transaction, so a copy of
 * the old keys taken from the device opens nothing written after. Admins may remove any device but the
 * owner's (only the owner may); a member only their own, and never the one asking, which must be
 * left to re-seal and re-wrap.
 */
export const removeDevice: TeamHandler<'team:remove-device'> = async (tx, { params, body }) => {
  await tx.lockTeam()
  const devices = await tx.query<{ member_id: string; status: string }>(
    'SELECT member_id, status FROM devices WHERE team_id = $1 AND id = $2 FOR UPDATE',
    [tx.teamId, params.device],
  )
  const device = devices[0]
  if (!device) throw teamError('not-found', `Device ${params.device} is not in this team.`)
  const member = await requireMember(tx, device.member_id)
  const ownDevice = device.member_id === tx.caller.memberId
  if (!ownDevice && !tx.isAdmin)
    throw teamError('forbidden', 'Only an admin can remove another member’s device.')
  if (member.role === 'owner' && tx.caller.role !== 'owner') {
    throw teamError('forbidden', 'Only the owner can remove the owner’s devices.')
  }
  if (params.device === tx.caller.deviceId) {
    throw teamError('conflict', 'A device cannot remove itself: remove it from another device.')
  }
  if (device.status === 'removed' || member.status === 'removed') {
    throw teamError('conflict', 'This device was removed already.')
  }

  const held = await heldClients(tx, device.member_id, member.role, { deviceId: params.device })
  requireRotationsOf(held, body.rotations, 'device')

  const seq = tx.takeSeq()
  await tx.query(`UPDATE devices SET status = 'removed', seq = $3 WHERE team_id = $1 AND id = $2`, [
    tx.teamId,
    params.device,
    seq,
  ])
  await tx.query('DELETE FROM wrapped_keys WHERE team_id = $1 AND device_id = $2', [tx.teamId, params.device])
  await tx.audit('device-removed', { memberId: device.member_id, deviceId: params.device })
  for (const rotation of body.rotations) await applyRotation(tx, rotation)
  return { seq: tx.seq }
}
