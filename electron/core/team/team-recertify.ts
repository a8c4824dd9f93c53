import { TwofoldError } from '../errors.ts'
import { fromBase64url, toBase64url } from './crypto/base64url.ts'
import type { Roster } from './team-roster.ts'
import type { TeamSession } from './team-session.ts'

/**
 * Before an admin's devices leave, this device signs a certificate of its own for every other active
 * device one of them certified. Trust runs only through certificates chaining to the owner's key, and
 * a removed device's signatures stop counting (by design: nothing tells an honest old certificate from
 * one backdated by the server), so without this those devices would drop out of every colleague's
 * trust: no keys wrapped to them on rotation or grant, and a later rotation refused. Only devices this
 * device trusts now are vouched for, and it is done before the removal so an interrupted removal leaves
 * nothing untrusted. Returns how many devices were certified again.
 */
export async function recertifyCertifiedBy(
  session: TeamSession,
  roster: Roster,
  leavingDeviceIds: ReadonlySet<string>,
): Promise<number> {
  const membership = session.membership()
  if (leavingDeviceIds.has(membership.deviceId)) return 0
  const own = roster.devices.find((device) => device.deviceId === membership.deviceId)
  if (own?.certifiedBy && leavingDeviceIds.has(own.certifiedBy) && own.certifiedBy !== own.deviceId) {
    throw new TwofoldError(
      'team-refused',
      'This device was certified by the one leaving, so its own trust would leave with it: ask the owner or another admin to do this removal.',
    )
  }
  const orphans = roster.devices.filter(
    (device) =>
      device.status === 'active' &&
      device.certifiedBy !== null &&
      leavingDeviceIds.has(device.certifiedBy) &&
      !leavingDeviceIds.has(device.deviceId) &&
      device.deviceId !== membership.deviceId &&
      roster.trusted.has(device.deviceId),
  )
  for (const device of orphans) {
    const member = roster.members.find((entry) => entry.memberId === device.memberId)
    if (!member || member.status === 'removed') continue
    const { certificate, issuedAt } = session.certify({
      memberId: member.memberId,
      deviceId: device.deviceId,
      role: member.role,
      agreementKey: fromBase64url(device.agreementKey, 'agreement key', 32),
      signingKey: fromBase64url(device.signingKey, 'signing key', 32),
    })
    await session.call('team:recertify-device', {
      params: { device: device.deviceId },
      body: { certificate: toBase64url(certificate), issuedAt },
    })
  }
  return orphans.length
}
