import { bytesOf } from '../bytes.ts'
import { teamError } from '../team-error.ts'
import type { TeamHandler } from './handler-types.ts'
import { inviteExpiry, requireMember } from './membership.ts'

/**
 * One more device for a member already in the team (a laptop beside the desktop). The invite row is a
 * member's invite like any other — the same hash of the auth value, the same expiry, used once — but it
 * names an active member, which is how `team:join` tells the two apart: the device joins that member
 * and waits, pending and keyless, for an admin's Twofold to check its proof and certify it.
 *
 * Only the owner may add a device to the owner: a device certified as the owner's can do what only
 * the owner may (remove the owner's other devices), so an admin adding one would raise themself.
 */
export const inviteDevice: TeamHandler<'team:invite-device'> = async (tx, { params, body }) => {
  const expiresAt = inviteExpiry(tx, body.expiresAt)
  await tx.lockTeam()
  const member = await requireMember(tx, params.member)
  if (member.status === 'removed')
    throw teamError('conflict', 'This member has been removed from the team: invite them again instead.')
  if (member.status !== 'active')
    throw teamError(
      'conflict',
      'This member has not finished joining: confirm their first device before adding another.',
    )
  if (member.role === 'owner' && tx.caller.role !== 'owner')
    throw teamError('forbidden', 'Only the owner can add a device to the owner.')
  await tx.query(
    `INSERT INTO invites (team_id, id, member_id, auth_hash, expires_at, created_by_member)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [
      tx.teamId,
      body.inviteId,
      params.member,
      bytesOf(body.authHash, 'auth hash', 32),
      expiresAt,
      tx.caller.memberId,
    ],
  )
  await tx.audit('device-invited', { memberId: params.member, inviteId: body.inviteId })
  return { inviteId: body.inviteId, memberId: params.member }
}
