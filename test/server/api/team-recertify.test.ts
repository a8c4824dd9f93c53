import { expect, it } from 'vitest'
import { signDeviceCertificate } from '../../../electron/core/team/crypto/device-certificate.ts'
import { withClient } from '../../support/postgres-client.ts'
import { describeOnEachPostgres } from '../../support/postgres.ts'
import { addMember, createTeam, type TestDevice, useTestServer } from './team-harness.ts'

// Before an admin leaves, another admin's device certifies the devices the leaving one had certified.
// The server stores a new certificate only from an owner's or admin's device, and only one that
// verifies under that device's own key for the device's keys and role as stored.

function certificateBy(signer: TestDevice, device: TestDevice, issuedAt = new Date().toISOString()) {
  const certificate = signDeviceCertificate(signer.keys.signing.privateKey, {
    teamId: device.teamId,
    memberId: device.memberId,
    deviceId: device.deviceId,
    role: device.role,
    agreementKey: device.keys.agreement.publicKey,
    signingKey: device.keys.signing.publicKey,
    issuedAt,
  })
  return { certificate: certificate.toString('base64url'), issuedAt }
}

await describeOnEachPostgres('team API: certifying a device again', (postgres) => {
  const server = useTestServer(postgres)

  async function certifierOf(device: TestDevice) {
    return withClient(server.ownerUrl, async (db) => {
      const rows = await db.query<{ certified_by: string }>(
        'SELECT certified_by FROM devices WHERE id = $1',
        [device.deviceId],
      )
      return rows.rows[0]?.certified_by
    })
  }

  it("replaces the certificate with the owner's, and audits it", async () => {
    const { owner } = await createTeam(server)
    const admin = await addMember(server, owner, { role: 'admin' })
    const member = await addMember(server, admin)
    expect(await certifierOf(member)).toBe(admin.deviceId)

    const answer = await owner.call(server.app, 'team:recertify-device', {
      params: { device: member.deviceId },
      body: certificateBy(owner, member),
    })
    expect(answer.status).toBe(200)
    expect(await certifierOf(member)).toBe(owner.deviceId)
    const view = await member.call(server.app, 'team:changes', { query: { since: 0 } })
    expect(view.body.devices.find((device) => device.deviceId === member.deviceId)?.certifiedBy).toBe(
      owner.deviceId,
    )
    const audit = await owner.call(server.app, 'team:audit')
    expect(audit.body.entries).toContainEqual(
      expect.objectContaining({
        kind: 'device-recertified',
        deviceId: owner.deviceId,
        subject: { memberId: member.memberId, deviceId: member.deviceId, previousCertifier: admin.deviceId },
      }),
    )
  })

  it('refuses a certificate signed by another key, for other keys, or from a member, and keeps the old one', async () => {
    const { owner } = await createTeam(server)
    const admin = await addMember(server, owner, { role: 'admin' })
    const member = await addMember(server, admin)
    const other = await addMember(server, owner)

    // Signed by the admin, sent by the owner: the server would store a certificate the owner never made.
    const notMine = await owner.call(server.app, 'team:recertify-device', {
      params: { device: member.deviceId },
      body: certificateBy(admin, member),
    })
    expect(notMine.status).toBe(400)
    expect(notMine.body.error.message).toMatch(/not this device’s certificate signed by your device/)

    // The owner's signature over another device's keys.
    const otherKeys = certificateBy(owner, other)
    const swapped = await owner.call(server.app, 'team:recertify-device', {
      params: { device: member.deviceId },
      body: otherKeys,
    })
    expect(swapped.status).toBe(400)

    const fromMember = await other.call(server.app, 'team:recertify-device', {
      params: { device: member.deviceId },
      body: certificateBy(other, member),
    })
    expect(fromMember.status).toBe(403)
    expect(await certifierOf(member)).toBe(admin.deviceId)
  })

  it("refuses an admin certifying the owner's device, and a removed device", async () => {
    const { owner } = await createTeam(server)
    const admin = await addMember(server, owner, { role: 'admin' })
    const ownerCert = await admin.call(server.app, 'team:recertify-device', {
      params: { device: owner.deviceId },
      body: certificateBy(admin, owner),
    })
    expect(ownerCert.status).toBe(403)

    const member = await addMember(server, owner)
    const removed = await owner.call(server.app, 'team:remove-member', {
      params: { member: member.memberId },
      body: { rotations: [] },
    })
    expect(removed.status).toBe(200)
    const again = await owner.call(server.app, 'team:recertify-device', {
      params: { device: member.deviceId },
      body: certificateBy(owner, member),
    })
    expect(again.status).toBe(409)
  })
})
