import { TwofoldError } from '../errors.ts'
import { fromBase64url, toBase64url } from './crypto/base64url.ts'
import type { DeviceRole } from './crypto/device-certificate.ts'
import { rotateEach, teamClientNamed } from './team-admin.ts'
import { recertifyCertifiedBy } from './team-recertify.ts'
import { memberNamed, readRoster, type MemberView, type Roster } from './team-roster.ts'
import type { TeamSession } from './team-session.ts'
import { wrapFor } from './signed-key-wrap.ts'

/**
 * Makes a member an admin: one request carries the role, a certificate as admin for each of their
 * active devices and every shared client's current key wrapped (and signed) to each of them, and the
 * server applies it whole. Apart, each half would be wrong: an admin role without new certificates
 * makes colleagues stop trusting the member's devices (a certificate names the role), and keys
 * without the role would be keys the server's row-level security does not let them use.
 * The caller should have synced first: a client key that changed meanwhile is refused.
 */
export async function makeAdmin(session: TeamSession, memberName: string): Promise<{ clients: number }> {
  session.requireAdmin('make admins')
  const roster = await readRoster(session)
  const member = changeable(session, roster, memberName, 'admin')
  const devices = activeDevices(roster, member)
  const clients = session.store().teamClients()
  const wrappedKeys = []
  for (const client of clients) {
    for (const device of devices) {
      wrappedKeys.push({
        clientId: client.teamClientId,
        deviceId: device.deviceId,
        keyVersion: client.keyVersion,
        ...(await wrapFor(session, device, client.teamClientId, client.keyVersion)),
      })
    }
  }
  await session.call('team:change-role', {
    params: { member: member.memberId },
    body: {
      role: 'admin',
      certificates: certify(session, member, devices, 'admin'),
      wrappedKeys,
      keepClientIds: [],
      rotations: [],
    },
  })
  return { clients: clients.length }
}

/**
 * Makes an admin a member again (the owner only), keeping `keepClients` and rotating every other
 * client, exactly as a revocation would: an admin's Twofold held every key and may have kept copies,
 * so those clients' accounts are flagged exposed. Devices the admin had certified are first certified
 * again by this device — a member's signature does not count — as before an admin's removal.
 */
export async function makeMember(
  session: TeamSession,
  memberName: string,
  keepClients: readonly string[],
): Promise<{ kept: number; rotated: number }> {
  const membership = session.requireAdmin('change roles')
  if (membership.role !== 'owner')
    throw new TwofoldError('team-forbidden', "Only the team's owner can make an admin a member again.")
  const keep = new Set(keepClients.map((name) => teamClientNamed(session, name)))
  const roster = await readRoster(session)
  const member = changeable(session, roster, memberName, 'member')
  const devices = activeDevices(roster, member)
  const theirs = roster.devices.filter((device) => device.memberId === member.memberId)
  await recertifyCertifiedBy(session, roster, new Set(theirs.map((device) => device.deviceId)))
  const everCertified = theirs.some((device) => device.certificate !== null)
  const losing = everCertified
    ? session
        .store()
        .teamClients()
        .map((row) => row.teamClientId)
        .filter((clientId) => !keep.has(clientId))
    : []
  const rotations = await rotateEach(session, roster, losing, { memberId: member.memberId })
  await session.call('team:change-role', {
    params: { member: member.memberId },
    body: {
      role: 'member',
      certificates: certify(session, member, devices, 'member'),
      wrappedKeys: [],
      keepClientIds: [...keep],
      rotations,
    },
  })
  return { kept: keep.size, rotated: rotations.length }
}

/** The member named, if their role can become `role` by this device's hand; else a one-line refusal. */
function changeable(
  session: TeamSession,
  roster: Roster,
  name: string,
  role: 'admin' | 'member',
): MemberView {
  const member = memberNamed(roster, name)
  if (member.role === 'owner')
    throw new TwofoldError('team-forbidden', "The team owner's role cannot be changed.")
  if (member.memberId === session.membership().memberId)
    throw new TwofoldError('team-refused', 'You cannot change your own role: ask the owner.')
  if (member.role === role)
    throw new TwofoldError(
      'team-refused',
      `${member.name} is already ${role === 'admin' ? 'an admin' : 'a member'}.`,
    )
  return member
}

/**
 * The member's active devices, each one this device trusts: it is about to vouch for them in a new
 * role (and hand them every key), so a device whose certificate does not chain to the owner's key —
 * one the server may have slipped in — stops it rather than being left out (the server wants them all).
 */
function activeDevices(roster: Roster, member: MemberView) {
  const devices = roster.devices.filter(
    (device) => device.memberId === member.memberId && device.status === 'active',
  )
  if (devices.some((device) => !roster.trusted.has(device.deviceId)))
    throw new TwofoldError(
      'team-untrusted',
      `A device of ${member.name} is not certified by anyone this device trusts, so its role was not changed: tell your team's owner.`,
    )
  return devices
}

function certify(
  session: TeamSession,
  member: MemberView,
  devices: ReturnType<typeof activeDevices>,
  role: DeviceRole,
) {
  return devices.map((device) => {
    const { certificate, issuedAt } = session.certify({
      memberId: member.memberId,
      deviceId: device.deviceId,
      role,
      agreementKey: fromBase64url(device.agreementKey, 'agreement key', 32),
      signingKey: fromBase64url(device.signingKey, 'signing key', 32),
    })
    return { deviceId: device.deviceId, certificate: toBase64url(certificate), issuedAt }
  })
}
