import { randomUUID } from 'node:crypto'
import { TwofoldError } from '../errors.ts'
import { fromBase64url, toBase64url } from './crypto/base64url.ts'
import { encodeInviteCode, inviteAuth, inviteAuthHash, newInviteSecret } from './crypto/invite-secret.ts'
import type { KeptInvite } from './team-membership-store.ts'
import type { TeamSession } from './team-session.ts'

const INVITE_DAYS = 7
const DAY_MS = 24 * 60 * 60_000

/**
 * Every invite, a new member's or one more device's: a one-time secret the server never sees (it gets
 * a hash of a value derived from it), kept sealed in this admin's vault to check the joining device's
 * proof at the next sync, and a one-line code carrying it with the server, team and this device's
 * signing key. `register` tells the server about the invite before anything is kept.
 */
async function issueInvite(
  session: TeamSession,
  invite: Omit<KeptInvite, 'inviteId' | 'expiresAt'> & { forDevice: boolean },
  register: (sent: { inviteId: string; authHash: string; expiresAt: string }) => Promise<unknown>,
): Promise<{ code: string; expiresAt: string }> {
  const membership = session.requireAdmin(invite.forDevice ? 'add devices to members' : 'invite members')
  const inviteId = randomUUID()
  const expiresAt = new Date(session.parts.now() + INVITE_DAYS * DAY_MS).toISOString()
  const secret = newInviteSecret()
  try {
    await register({ inviteId, authHash: toBase64url(inviteAuthHash(inviteAuth(secret))), expiresAt })
    const store = session.store()
    store.db.transaction(() => {
      store.keys.forSealing()
      store.keepInvite(
        {
          inviteId,
          memberId: invite.memberId,
          memberName: invite.memberName,
          role: invite.role,
          clientIds: invite.clientIds,
          expiresAt,
        },
        secret,
        session.at(),
      )
    })()
    const code = encodeInviteCode({
      server: membership.serverUrl,
      teamId: membership.teamId,
      inviteId,
      secret,
      adminSigningKey: fromBase64url(membership.signingPublicKey, 'signing key', 32),
      ...(invite.forDevice ? { forDevice: true } : {}),
    })
    return { code, expiresAt }
  } finally {
    secret.fill(0)
  }
}

/** A new member, with the shared clients named (by their local names) or every one as an admin. */
export async function inviteMember(
  session: TeamSession,
  request: { name: string; clientNames?: readonly string[]; admin?: boolean },
): Promise<{ code: string; expiresAt: string }> {
  session.requireAdmin('invite members')
  const store = session.store()
  const clientIds = (request.clientNames ?? []).map((name) => {
    const local = store.db.prepare('SELECT id FROM clients WHERE name = ?').pluck().get(name.trim()) as
      string | undefined
    const team = local ? store.teamClientOfLocal(local) : null
    if (!team)
      throw new TwofoldError(
        'client-not-found',
        `There is no team client named "${name.trim()}": share it first.`,
      )
    return team.teamClientId
  })
  const memberId = randomUUID()
  const role = request.admin ? 'admin' : 'member'
  return issueInvite(
    session,
    { memberId, memberName: request.name.trim(), role, clientIds, forDevice: false },
    (sent) =>
      session.call('team:invite', {
        body: { ...sent, memberId, memberName: request.name, role, clientIds },
      }),
  )
}

/** One more device for a member already in the team: see team-device-enrollment.ts. */
export async function inviteMemberDevice(
  session: TeamSession,
  member: { memberId: string; name: string; role: 'owner' | 'admin' | 'member' },
): Promise<{ code: string }> {
  const { code } = await issueInvite(
    session,
    {
      memberId: member.memberId,
      memberName: member.name,
      // Not used to confirm: the device gets what the member holds when it is confirmed.
      role: member.role === 'member' ? 'member' : 'admin',
      clientIds: [],
      forDevice: true,
    },
    (sent) => session.call('team:invite-device', { params: { member: member.memberId }, body: sent }),
  )
  return { code }
}
