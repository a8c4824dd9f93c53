import { sign, verify } from 'node:crypto'
import { TwofoldError } from '../../errors.ts'
import { toBase64url } from './base64url.ts'
import { canonicalEncoding } from './canonical-encoding.ts'
import { importSigningPrivateKey, importSigningPublicKey } from './device-keys.ts'

export type DeviceRole = 'owner' | 'admin' | 'member'

/** What an admin's device vouches for: this device, with these keys, belongs to this member in this role. */
export interface DeviceCertificate {
  teamId: string
  memberId: string
  deviceId: string
  role: DeviceRole
  agreementKey: Uint8Array
  signingKey: Uint8Array
  /** ISO 8601, signed as written. */
  issuedAt: string
}

/** A device as the team's device list gives it: its certificate's fields, the signature and who signed. */
export interface CertifiedDevice extends DeviceCertificate {
  /** The Ed25519 signature over the certificate. */
  certificate: Uint8Array
  /** The device whose signing key made `certificate`; the owner's first device names itself. */
  certifiedBy: string
}

const SIGNATURE_BYTES = 64
const roleRank: Record<DeviceRole, number> = { member: 0, admin: 1, owner: 2 }

export function deviceCertificateBytes(cert: DeviceCertificate): Buffer {
  return canonicalEncoding([
    'twofold-device-cert-v1',
    cert.teamId,
    cert.memberId,
    cert.deviceId,
    cert.role,
    toBase64url(cert.agreementKey),
    toBase64url(cert.signingKey),
    cert.issuedAt,
  ])
}

/** The 64-byte Ed25519 signature of the certifying device over the certificate. */
export function signDeviceCertificate(signingPrivateKey: Uint8Array, cert: DeviceCertificate): Buffer {
  if (Number.isNaN(Date.parse(cert.issuedAt))) {
    throw new TwofoldError('invalid-request', 'A device certificate needs its issue time as an ISO date.')
  }
  return sign(null, deviceCertificateBytes(cert), importSigningPrivateKey(signingPrivateKey))
}

export function verifyDeviceCertificate(
  signerPublicKey: Uint8Array,
  cert: DeviceCertificate,
  signature: Uint8Array,
): boolean {
  if (signature.length !== SIGNATURE_BYTES) return false
  try {
    return verify(null, deviceCertificateBytes(cert), importSigningPublicKey(signerPublicKey), signature)
  } catch {
    return false
  }
}

/**
 * The ids of the devices whose certificates chain to the owner's pinned signing key. The root is the
 * owner's device that certified itself with exactly that key; from there a device counts once a counted
 * owner or admin device signed its certificate, for a role no higher than the signer's own. A device
 * certified by anything else — a member, an unknown device, a key the server slipped in, or a ring of
 * devices vouching for each other — is left out. A device id listed twice is left out too: the list
 * comes from the server, and one id with two sets of keys has no honest reading.
 *
 * The caller decides which devices count as signers (e.g. leaves removed ones out of the list).
 */
export function verifyCertificateChain(
  trust: { teamId: string; ownerSigningKey: Uint8Array },
  devices: readonly CertifiedDevice[],
): Set<string> {
  const byId = new Map<string, CertifiedDevice>()
  const duplicated = new Set<string>()
  for (const device of devices) {
    if (byId.has(device.deviceId)) duplicated.add(device.deviceId)
    byId.set(device.deviceId, device)
  }
  for (const id of duplicated) byId.delete(id)

  const chained = new Set<string>()
  for (const device of byId.values()) {
    if (isPinnedOwnerRoot(trust, device)) chained.add(device.deviceId)
  }
  // Each pass adds the devices signed by one more link; a pass that adds none ends the walk, so a cycle
  // that never touches the root is never reached.
  // A certificate checked against a counted signer gives the same answer every pass: check it once.
  const badSignature = new Set<string>()
  for (let added = true; added;) {
    added = false
    for (const device of byId.values()) {
      if (chained.has(device.deviceId) || badSignature.has(device.deviceId)) continue
      if (device.teamId !== trust.teamId) continue
      const signer = byId.get(device.certifiedBy)
      if (signer === undefined || !chained.has(signer.deviceId) || !canCertify(signer, device)) continue
      if (verifyDeviceCertificate(signer.signingKey, device, device.certificate)) {
        chained.add(device.deviceId)
        added = true
      } else {
        badSignature.add(device.deviceId)
      }
    }
  }
  return chained
}

function isPinnedOwnerRoot(trust: { teamId: string; ownerSigningKey: Uint8Array }, device: CertifiedDevice) {
  return (
    device.teamId === trust.teamId &&
    device.role === 'owner' &&
    device.certifiedBy === device.deviceId &&
    Buffer.from(device.signingKey).equals(trust.ownerSigningKey) &&
    verifyDeviceCertificate(device.signingKey, device, device.certificate)
  )
}

function canCertify(signer: CertifiedDevice, device: CertifiedDevice): boolean {
  return signer.role !== 'member' && roleRank[device.role] <= roleRank[signer.role]
}
