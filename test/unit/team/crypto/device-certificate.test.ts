import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  signDeviceCertificate,
  verifyCertificateChain,
  verifyDeviceCertificate,
  type CertifiedDevice,
  type DeviceRole,
} from '../../../../electron/core/team/crypto/device-certificate.ts'
import { generateDeviceKeys, type DeviceKeys } from '../../../../electron/core/team/crypto/device-keys.ts'
import { refusal } from './refusals.ts'

const teamId = '6f1c1f4e-4bb0-4c43-9d0e-5d5a1c2b7a10'
const issuedAt = '2026-12-06T08:00:00.000Z'

interface TestDevice {
  keys: DeviceKeys
  record: CertifiedDevice
}

/** A device of `role`, certified by `signer` (or by itself when none is given). */
function device(role: DeviceRole, signer?: TestDevice, overrides: Partial<CertifiedDevice> = {}): TestDevice {
  const keys = generateDeviceKeys()
  const deviceId = randomUUID()
  const fields = {
    teamId,
    memberId: randomUUID(),
    deviceId,
    role,
    agreementKey: keys.agreement.publicKey,
    signingKey: keys.signing.publicKey,
    issuedAt,
    ...overrides,
  }
  const signingKey = signer?.keys.signing.privateKey ?? keys.signing.privateKey
  const certificate = signDeviceCertificate(signingKey, fields)
  return { keys, record: { ...fields, certificate, certifiedBy: signer?.record.deviceId ?? deviceId } }
}

const trustIn = (owner: TestDevice) => ({ teamId, ownerSigningKey: owner.keys.signing.publicKey })
const chained = (owner: TestDevice, devices: TestDevice[]) =>
  [
    ...verifyCertificateChain(
      trustIn(owner),
      devices.map((each) => each.record),
    ),
  ].sort()
const ids = (...devices: TestDevice[]) => devices.map((each) => each.record.deviceId).sort()

describe('device certificates', () => {
  it('verifies with the signer’s key and no other, over every field', () => {
    const owner = device('owner')
    const admin = device('admin', owner)
    const { certificate, ...fields } = admin.record
    expect(certificate.length).toBe(64)
    expect(verifyDeviceCertificate(owner.keys.signing.publicKey, fields, certificate)).toBe(true)
    expect(verifyDeviceCertificate(admin.keys.signing.publicKey, fields, certificate)).toBe(false)

    const altered: Partial<CertifiedDevice>[] = [
      { teamId: randomUUID() },
      { memberId: randomUUID() },
      { deviceId: randomUUID() },
      { role: 'owner' },
      { agreementKey: generateDeviceKeys().agreement.publicKey },
      { signingKey: generateDeviceKeys().signing.publicKey },
      { issuedAt: '2026-12-06T08:00:01.000Z' },
    ]
    for (const change of altered) {
      expect(
        verifyDeviceCertificate(owner.keys.signing.publicKey, { ...fields, ...change }, certificate),
      ).toBe(false)
    }
    expect(verifyDeviceCertificate(owner.keys.signing.publicKey, fields, certificate.subarray(1))).toBe(false)
  })

  it('refuses to sign a certificate without a readable issue time', async () => {
    const keys = generateDeviceKeys()
    const fields = {
      teamId,
      memberId: randomUUID(),
      deviceId: randomUUID(),
      role: 'member' as const,
      agreementKey: keys.agreement.publicKey,
      signingKey: keys.signing.publicKey,
      issuedAt: 'yesterday',
    }
    await refusal(() => signDeviceCertificate(keys.signing.privateKey, fields), 'invalid-request')
  })
})

describe('the chain of certificates back to the owner’s pinned key', () => {
  it('trusts the owner, admins it certified, and devices those admins certified', () => {
    const owner = device('owner')
    const ownerLaptop = device('owner', owner)
    const admin = device('admin', owner)
    const adminPhone = device('admin', admin)
    const member = device('member', adminPhone)
    const all = [member, adminPhone, admin, ownerLaptop, owner]
    expect(chained(owner, all)).toEqual(ids(...all))
  })

  it('refuses a device certified by a member', () => {
    const owner = device('owner')
    const member = device('member', owner)
    const byMember = device('member', member)
    const adminByMember = device('admin', member)
    expect(chained(owner, [owner, member, byMember, adminByMember])).toEqual(ids(owner, member))
  })

  it('refuses a device certified by a key that does not chain to the owner', () => {
    const owner = device('owner')
    // The server's own "owner" and "admin", certifying a device it made up.
    const impostorOwner = device('owner')
    const impostorAdmin = device('admin', impostorOwner)
    const slippedIn = device('member', impostorAdmin)
    expect(chained(owner, [owner, impostorOwner, impostorAdmin, slippedIn])).toEqual(ids(owner))
    // A certifier missing from the list (removed, or never there) vouches for nobody.
    const admin = device('admin', owner)
    const byMissing = device('member', admin)
    expect(chained(owner, [owner, byMissing])).toEqual(ids(owner))
  })

  it('refuses a ring of devices vouching for each other', () => {
    const owner = device('owner')
    const first = device('admin')
    const second = device('admin', first)
    // first now claims second as its certifier: a cycle with no way back to the owner.
    first.record = { ...first.record, certifiedBy: second.record.deviceId }
    first.record.certificate = signDeviceCertificate(second.keys.signing.privateKey, first.record)
    expect(chained(owner, [owner, first, second])).toEqual(ids(owner))
  })

  it('refuses a role above the signer’s, a certificate from another team and an altered role', () => {
    const owner = device('owner')
    const admin = device('admin', owner)
    const ownerByAdmin = device('owner', admin)
    const otherTeam = device('member', owner, { teamId: randomUUID() })
    const promoted = device('member', admin)
    promoted.record = { ...promoted.record, role: 'admin' }
    expect(chained(owner, [owner, admin, ownerByAdmin, otherTeam, promoted])).toEqual(ids(owner, admin))
  })

  it('needs the owner root to be self-certified with exactly the pinned key', () => {
    const owner = device('owner')
    const admin = device('admin', owner)
    const stranger = device('owner')
    expect(chained(stranger, [owner, admin])).toEqual([])
    expect(
      verifyCertificateChain({ teamId: randomUUID(), ownerSigningKey: owner.keys.signing.publicKey }, [
        owner.record,
      ]).size,
    ).toBe(0)
    // An admin certificate that names itself as certifier is no root.
    const selfAdmin = device('admin')
    expect(chained(selfAdmin, [selfAdmin])).toEqual([])
  })

  it('refuses a device id the list gives twice, with two sets of keys', () => {
    const owner = device('owner')
    const admin = device('admin', owner)
    const twin = device('admin', owner, { deviceId: admin.record.deviceId })
    expect(chained(owner, [owner, admin, twin])).toEqual(ids(owner))
  })
})
