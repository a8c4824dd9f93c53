import { randomUUID } from 'node:crypto'
import { TwofoldError } from '../errors.ts'
import { fromBase64url, toBase64url } from './crypto/base64url.ts'
import { encodeInviteCode, inviteAuth, inviteAuthHash, newInviteSecret } from './crypto/invite-secret.ts'
import { memberNamed, readRoster } from './team-roster.ts'
import type { TeamSession } from './team-session.ts'

/**
 * One more Twofold for a member already in the team (a laptop beside the desktop). It is an invite
 * with the same trust as a new member's: the code carries a one-time secret the server never sees, the
 * new device proves it holds it with a MAC over its public keys, and this (admin's) device keeps the
 * secret to check that proof at its next sync before it certifies the device and wraps to it the keys
 * of exactly the clients the member holds then (confirmJoins in team-admin.ts, as for any join).
 */
const DEVICE_INVITE_DAYS = 7
const DAY_MS = 24 * 60 * 60_000

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
  const inviteId = randomUUID()
  const expiresAt = new Date(session.parts.now() + DEVICE_INVITE_DAYS * DAY_MS).toISOString()
  const secret = newInviteSecret()
  try {
    await session.call('team:invite-device', {
      params: { member: member.memberId },
      body: { inviteId, authHash: toBase64url(inviteAuthHash(inviteAuth(secret))), expiresAt },
    })
    const store = session.store()
    store.db.transaction(() => {
      store.keys.forSealing()
      // The role and clients kept here are not used to confirm: the device gets what the member holds
      // when it is confirmed, read from the server's roster then.
      store.keepInvite(
        {
          inviteId,
          memberId: member.memberId,
          memberName: member.name,
          role: member.role === 'member' ? 'member' : 'admin',
          clientIds: [],
          expiresAt,
        },
        secret,
        session.at(),
      )
    })()
    return {
      code: encodeInviteCode({
        server: membership.serverUrl,
        teamId: membership.teamId,
        inviteId,
        secret,
        adminSigningKey: fromBase64url(membership.signingPublicKey, 'signing key', 32),
        forDevice: true,
      }),
    }
  } finally {
    secret.fill(0)
  }
}
