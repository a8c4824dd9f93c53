import { TwofoldError } from '../errors.ts'
import { inviteMemberDevice } from './team-invites.ts'
import { memberNamed, readRoster } from './team-roster.ts'
import type { TeamSession } from './team-session.ts'

/**
 * One more Twofold for a member already in the team (a laptop beside the desktop). It is an invite
 * with the same trust as a new member's: the code carries a one-time secret the server never sees, the
 * new device proves it holds it with a MAC over its public keys, and this (admin's) device keeps the
 * secret to check that proof at its next sync before it certifies the device and wraps to it the keys
 * of exactly the clients the member holds then (confirmJoins in team-admin.ts, as for any join).
 */
export async function inviteDevice(session: TeamSession, memberName: string): Promise<{ code: string }> {
  const membership = session.requireAdmin('add devices to members')
  const roster = await readRoster(session)
  const member = memberNamed(roster, memberName)
  if (member.status !== 'active')
    throw new TwofoldError(
      'team-refused',
      `${member.name} has not finished joining: confirm their first device (twofold team sync) before adding another.`,
    )
  if (member.role === 'owner' && membership.role !== 'owner')
    throw new TwofoldError('team-forbidden', "Only the team's owner can add a device to the owner.")
  return inviteMemberDevice(session, member)
}
