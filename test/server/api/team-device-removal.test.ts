import { expect, it } from 'vitest'
import { verifyAuditChain } from '../../../electron/core/team/crypto/audit-chain.ts'
import { signDeviceCertificate } from '../../../electron/core/team/crypto/device-certificate.ts'
import { unwrapClientKey } from '../../../electron/core/team/crypto/key-wrap.ts'
import { openRecord } from '../../../electron/core/team/crypto/record-seal.ts'
import { withClient } from '../../support/postgres-client.ts'
import { describeOnEachPostgres } from '../../support/postgres.ts'
import {
  addMember,
  createTeam,
  openEvents,
  shareClient,
  startTestServer,
  TestDevice,
  clientRotation,
  signedWrap,
  type TestClient,
  type TestServer,
  useTestServer,
} from './team-harness.ts'

/**
 * A second, certified device of `member` holding `clients`, written as the database's owner with the
 * admin's real certificate and keys wrapped to it, as a confirmation would have: the removal tests do
 * not lean on the add-device flow (team:invite-device, tested in team-device-invite.test.ts).
 */
async function addSecondDevice(
  ownerUrl: string,
  admin: TestDevice,
  member: TestDevice,
  clients: TestClient[],
) {
  const device = new TestDevice(member.teamId, member.memberId, member.role)
  const issuedAt = new Date().toISOString()
  const certificate = signDeviceCertificate(admin.keys.signing.privateKey, {
    teamId: device.teamId,
    memberId: device.memberId,
    deviceId: device.deviceId,
    role: device.role,
    agreementKey: device.keys.agreement.publicKey,
    signingKey: device.keys.signing.publicKey,
    issuedAt,
  })
  await withClient(ownerUrl, async (db) => {
    await db.query(
      `INSERT INTO devices (team_id, id, member_id, agreement_key, signing_key, certificate, issued_at,
                            certified_by, status, seq)
       SELECT $1, $2, $3, $4, $5, $6, $7, $8, 'active', seq FROM teams WHERE id = $1`,
      [
        device.teamId,
        device.deviceId,
        device.memberId,
        Buffer.from(device.keys.agreement.publicKey),
        Buffer.from(device.keys.signing.publicKey),
        certificate,
        issuedAt,
        admin.deviceId,
      ],
    )
    for (const client of clients) {
      const signed = await signedWrap(admin, device, client.key, client.clientId, client.keyVersion)
      await db.query(
        `INSERT INTO wrapped_keys (team_id, client_id, device_id, key_version, wrapped, seq, signed_by, signature)
         SELECT $1, $2, $3, $4, $5, seq, $6, $7 FROM teams WHERE id = $1`,
        [
          device.teamId,
          client.clientId,
          device.deviceId,
          client.keyVersion,
          Buffer.from(signed.wrapped, 'base64url'),
          admin.deviceId,
          Buffer.from(signed.signature, 'base64url'),
        ],
      )
    }
  })
  return device
}

/** What `device` reads of `client`: its key version and every record opened with the key wrapped to it. */
async function readClient(server: TestServer, device: TestDevice, client: TestClient) {
  const view = await device.call(server.app, 'team:changes', { query: { since: 0 } })
  expect(view.status).toBe(200)
  const keyVersion = view.body.clients.find((c) => c.clientId === client.clientId)?.keyVersion ?? 0
  const wrapped = view.body.wrappedKeys.find(
    (key) => key.clientId === client.clientId && key.keyVersion === keyVersion,
  )
  if (!wrapped) throw new Error(`this device has no key of ${client.name} at version ${keyVersion}`)
  const key = await unwrapClientKey(
    device.keys.agreement.privateKey,
    Buffer.from(wrapped.wrapped, 'base64url'),
    {
      teamId: device.teamId,
      clientId: client.clientId,
      deviceId: device.deviceId,
      keyVersion,
    },
  )
  const records = view.body.records.filter((record) => record.clientId === client.clientId)
  return {
    keyVersion,
    plaintexts: records
      .map((record) =>
        openRecord(key, Buffer.from(record.sealed, 'base64url'), {
          teamId: device.teamId,
          clientId: client.clientId,
          accountId: record.accountId,
          keyVersion: record.keyVersion,
          revision: record.revision,
        }).toString(),
      )
      .sort(),
    flagged: records.every((record) => record.exposedSince !== null),
    view: view.body,
  }
}

await describeOnEachPostgres('removing a device', (postgres) => {
  const server = useTestServer(postgres)

  it("an admin removes a member's lost laptop: refused at once, its stream ended, its keys deleted, the client re-keyed for the devices that stay", async () => {
    const listening = await startTestServer(server.ownerUrl)
    try {
      const address = await listening.app.listen({ host: '127.0.0.1', port: 0 })
      const { owner } = await createTeam(server)
      const acme = await shareClient(server, owner, 'Acme', ['acme-1', 'acme-2'])
      const other = await shareClient(server, owner, 'Other', ['other-1'])
      const laptop = await addMember(server, owner, { clients: [acme] })
      const phone = await addSecondDevice(server.ownerUrl, owner, laptop, [acme])
      const events = await openEvents(address, laptop)
      expect(events.status).toBe(200)

      const removed = await owner.call(server.app, 'team:remove-device', {
        params: { device: laptop.deviceId },
        body: { rotations: [(await clientRotation(owner, acme, [owner, phone])).rotation] },
      })
      expect(removed.status).toBe(200)

      const refused = await laptop.call(server.app, 'team:changes', { query: { since: 0 } })
      expect(refused.status).toBe(403)
      expect(refused.body.error.code).toBe('device-removed')
      await events.ended
      const kept = await withClient(server.ownerUrl, (db) =>
        db.query('SELECT count(*)::int AS count FROM wrapped_keys WHERE device_id = $1', [laptop.deviceId]),
      )
      expect(kept.rows).toEqual([{ count: 0 }])

      // The member keeps the client on their phone, under the new key, every account flagged.
      const onPhone = await readClient(server, phone, acme)
      expect(onPhone).toMatchObject({ keyVersion: 2, plaintexts: ['acme-1', 'acme-2'], flagged: true })
      expect(onPhone.view.wrappedKeys.map((key) => key.keyVersion)).toEqual([2])
      expect(onPhone.view.members.find((m) => m.memberId === laptop.memberId)?.status).toBe('active')
      expect(onPhone.view.devices.find((d) => d.deviceId === laptop.deviceId)?.status).toBe('removed')
      // A client the laptop never held keeps its key and its accounts unflagged.
      expect(await readClient(server, owner, other)).toMatchObject({ keyVersion: 1, flagged: false })

      const audit = await owner.call(server.app, 'team:audit', { query: { limit: 100 } })
      expect(audit.body.entries.slice(-2).map((entry) => [entry.kind, entry.subject])).toEqual([
        ['device-removed', { memberId: laptop.memberId, deviceId: laptop.deviceId }],
        ['key-rotated', { clientId: acme.clientId, keyVersion: 2, records: 2 }],
      ])
      expect(verifyAuditChain(audit.body.entries, { teamId: owner.teamId, head: audit.body.head })).toEqual({
        ok: true,
      })
    } finally {
      await listening.close()
    }
  })

  it('lets a member remove their own other device, but not themselves or anyone else’s', async () => {
    const { owner } = await createTeam(server)
    const acme = await shareClient(server, owner, 'Acme', ['acme-1'])
    const laptop = await addMember(server, owner, { clients: [acme] })
    const phone = await addSecondDevice(server.ownerUrl, owner, laptop, [acme])
    const colleague = await addMember(server, owner, { clients: [acme] })

    const notTheirs = await colleague.call(server.app, 'team:remove-device', {
      params: { device: phone.deviceId },
      body: { rotations: [(await clientRotation(colleague, acme, [owner, laptop, colleague])).rotation] },
    })
    expect(notTheirs.status).toBe(403)
    expect(notTheirs.body.error.code).toBe('forbidden')
    const itself = await laptop.call(server.app, 'team:remove-device', {
      params: { device: laptop.deviceId },
      body: { rotations: [(await clientRotation(laptop, acme, [owner, phone, colleague])).rotation] },
    })
    expect(itself.status).toBe(409)
    expect(await readClient(server, phone, acme)).toMatchObject({ keyVersion: 1, plaintexts: ['acme-1'] })

    const own = await laptop.call(server.app, 'team:remove-device', {
      params: { device: phone.deviceId },
      body: { rotations: [(await clientRotation(laptop, acme, [owner, laptop, colleague])).rotation] },
    })
    expect(own.status).toBe(200)
    expect((await phone.call(server.app, 'team:changes', { query: { since: 0 } })).body.error.code).toBe(
      'device-removed',
    )
    for (const device of [owner, laptop, colleague]) {
      expect(await readClient(server, device, acme)).toMatchObject({ keyVersion: 2, plaintexts: ['acme-1'] })
    }
  })

  it("refuses an admin the owner's device, and a removal that leaves out a client the device held, changing nothing", async () => {
    const { owner } = await createTeam(server)
    const acme = await shareClient(server, owner, 'Acme', ['acme-1'])
    const other = await shareClient(server, owner, 'Other', ['other-1'])
    const admin = await addMember(server, owner, { role: 'admin', clients: [acme, other] })
    const ownerPhone = await addSecondDevice(server.ownerUrl, owner, owner, [acme, other])
    const member = await addMember(server, owner, { clients: [acme] })
    const memberPhone = await addSecondDevice(server.ownerUrl, owner, member, [acme])

    const ownersDevice = await admin.call(server.app, 'team:remove-device', {
      params: { device: ownerPhone.deviceId },
      body: {
        rotations: await Promise.all(
          [acme, other].map(
            async (client) =>
              (
                await clientRotation(
                  admin,
                  client,
                  client === acme ? [owner, admin, member, memberPhone] : [owner, admin],
                )
              ).rotation,
          ),
        ),
      },
    })
    expect(ownersDevice.status).toBe(403)

    const missing = await admin.call(server.app, 'team:remove-device', {
      params: { device: memberPhone.deviceId },
      body: { rotations: [] },
    })
    expect(missing.status).toBe(409)
    expect(missing.body.error.message).toMatch(/the device held it, so it needs a new key/)
    const notHeld = await admin.call(server.app, 'team:remove-device', {
      params: { device: memberPhone.deviceId },
      body: {
        rotations: [
          (await clientRotation(admin, acme, [owner, ownerPhone, admin, member])).rotation,
          (await clientRotation(admin, other, [owner, ownerPhone, admin])).rotation,
        ],
      },
    })
    expect(notHeld.status).toBe(400)
    expect(notHeld.body.error.message).toMatch(/never held client/)

    // Nothing moved: every device still opens both clients (as it holds them) with the first key.
    expect(await readClient(server, memberPhone, acme)).toMatchObject({ keyVersion: 1, flagged: false })
    expect(await readClient(server, ownerPhone, other)).toMatchObject({
      keyVersion: 1,
      plaintexts: ['other-1'],
    })
  })

  it('removes a device that never got past the join without any rotation', async () => {
    const { owner } = await createTeam(server)
    const acme = await shareClient(server, owner, 'Acme', ['acme-1'])
    const pending = await addMember(server, owner, { clients: [acme], confirm: false })
    const removed = await owner.call(server.app, 'team:remove-device', {
      params: { device: pending.deviceId },
      body: { rotations: [] },
    })
    expect(removed.status).toBe(200)
    const refused = await pending.call(server.app, 'team:changes', { query: { since: 0 } })
    expect(refused.body.error.code).toBe('device-removed')
    expect(await readClient(server, owner, acme)).toMatchObject({ keyVersion: 1, flagged: false })
    const again = await owner.call(server.app, 'team:remove-device', {
      params: { device: pending.deviceId },
      body: { rotations: [] },
    })
    expect(again.status).toBe(409)
  })
})
