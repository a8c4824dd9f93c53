import type { TeamResponse } from '../../../shared/team/team-api.ts'
import { TwofoldError } from '../errors.ts'
import { fromBase64url } from './crypto/base64url.ts'
import { verifyCertificateChain, type CertifiedDevice } from './crypto/device-certificate.ts'
import type { TeamSession } from './team-session.ts'

export type Changes = TeamResponse<'team:changes'>
export type DeviceView = Changes['devices'][number]
export type MemberView = Changes['members'][number]

/** Who is in the team and which devices Twofold trusts, as of one `changes` answer. */
export interface Roster {
  members: MemberView[]
  devices: DeviceView[]
  /** Certified devices whose certificates chain to the pinned owner key, not removed. */
  trusted: Set<string>
}

export function certifiedDevice(
  teamId: string,
  device: DeviceView,
  members: readonly MemberView[],
): CertifiedDevice | null {
  if (!device.certificate || !device.issuedAt || !device.certifiedBy) return null
  const member = members.find((entry) => entry.memberId === device.memberId)
  if (!member) return null
  return {
    teamId,
    memberId: device.memberId,
    deviceId: device.deviceId,
    role: member.role,
    agreementKey: fromBase64url(device.agreementKey, 'agreement key', 32),
    signingKey: fromBase64url(device.signingKey, 'signing key', 32),
    issuedAt: device.issuedAt,
    certificate: fromBase64url(device.certificate, 'device certificate', 64),
    certifiedBy: device.certifiedBy,
  }
}

/**
 * The devices that chain to the owner key this device pinned. A removed device or member is left out
 * of the signers, so nothing it certified counts any more.
 */
export function trustedDevices(
  teamId: string,
  ownerSigningKey: string,
  changes: Pick<Changes, 'members' | 'devices'>,
): Set<string> {
  const live = changes.devices.filter((device) => {
    const member = changes.members.find((entry) => entry.memberId === device.memberId)
    return device.status === 'active' && member !== undefined && member.status !== 'removed'
  })
  const certified = live
    .map((device) => certifiedDevice(teamId, device, changes.members))
    .filter((device): device is CertifiedDevice => device !== null)
  return verifyCertificateChain(
    { teamId, ownerSigningKey: fromBase64url(ownerSigningKey, 'owner signing key', 32) },
    certified,
  )
}

/** Every member and device, from a `changes` answer that carries no records. */
export async function readRoster(session: TeamSession): Promise<Roster> {
  const membership = session.membership()
  const changes = await session.call('team:changes', { query: { since: membership.lastSeq, limit: 1 } })
  const owner = membership.ownerSigningKey
  if (!owner) throw notPinned()
  return {
    members: changes.members,
    devices: changes.devices,
    trusted: trustedDevices(membership.teamId, owner, changes),
  }
}

/** The active, trusted devices of one member: where that member's client keys are wrapped. */
export function devicesOf(roster: Roster, memberId: string): DeviceView[] {
  return roster.devices.filter(
    (device) => device.memberId === memberId && roster.trusted.has(device.deviceId),
  )
}

/** Every trusted device that holds every client: the owner's and the admins'. */
export function adminDevices(roster: Roster): DeviceView[] {
  const admins = new Set(
    roster.members
      .filter((member) => member.role !== 'member' && member.status !== 'removed')
      .map((member) => member.memberId),
  )
  return roster.devices.filter((device) => admins.has(device.memberId) && roster.trusted.has(device.deviceId))
}

export function memberNamed(roster: Roster, name: string): MemberView {
  const wanted = name.trim().toLowerCase()
  const member = roster.members.find(
    (entry) => entry.name.toLowerCase() === wanted && entry.status !== 'removed',
  )
  if (!member)
    throw new TwofoldError('team-refused', `There is no member named "${name.trim()}" in the team.`)
  return member
}

export function notPinned(): TwofoldError {
  return new TwofoldError(
    'team-untrusted',
    "This device has not yet checked the team owner's key: run twofold team sync once an admin confirmed it.",
  )
}
