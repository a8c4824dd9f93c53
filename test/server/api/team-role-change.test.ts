import { randomUUID } from 'node:crypto'
import { expect, it } from 'vitest'
import {
  signDeviceCertificate,
  type DeviceRole,
} from '../../../electron/core/team/crypto/device-certificate.ts'
import { describeOnEachPostgres } from '../../support/postgres.ts'
import {
  addMember,
  createTeam,
  shareClient,
  signedWrap,
  type TestClient,
  type TestDevice,
  useTestServer,
} from './team-harness.ts'

// A role lives in the member row and in every certificate of the member's devices, and an admin holds
// every client's key: the server changes all three together or none, and only at an admin's request
// (an owner's, to make an admin a member again).

function certificate(signer: TestDevice, device: TestDevice, role: DeviceRole) {
  const issuedAt = new Date().toISOString()
  const signed = signDeviceCertificate(signer.keys.signing.privateKey, {
    teamId: device.teamId,
    memberId: device.memberId,
    deviceId: device.deviceId,
    role,
    agreementKey: device.keys.agreement.publicKey,
    signingKey: device.keys.signing.publicKey,
    issuedAt,
  })
  return { deviceId: device.deviceId, certificate: signed.toString('base64url'), issuedAt }
}

async function promotion(signer: TestDevice, device: TestDevice, clients: TestClient[]) {
  return {
    role: 'admin' as const,
    certificates: [certificate(signer, device, 'admin')],
    wrappedKeys: await Promise.all(
      clients.map(async (client) => ({
        clientId: client.clientId,
        deviceId: device.deviceId,
        keyVersion: client.keyVersion,
        ...(await signedWrap(signer, device, client.key, client.clientId, client.keyVersion)),
      })),
    ),
    keepClientIds: [],
    rotations: [],
  }
}

await describeOnEachPostgres('team API: changing a member’s role', (postgres) => {
  const server = useTestServer(postgres)
  const changeRole = (caller: TestDevice, member: TestDevice, body: unknown) =>
    caller.call(server.app, 'team:change-role', { params: { member: member.memberId }, body })

  async function roleOf(caller: TestDevice, member: TestDevice) {
    const view = await caller.call(server.app, 'team:changes', { query: { since: 0 } })
    return view.body.members.find((entry) => entry.memberId === member.memberId)?.role
  }

  it('makes a member an admin: new certificate, every client’s key, audited', async () => {
    const { owner } = await createTeam(server)
    const acme = await shareClient(server, owner, 'Acme', ['a'])
    const lumen = await shareClient(server, owner, 'Lumen', ['l'])
    const ben = await addMember(server, owner, { clients: [acme] })

    const answer = await changeRole(owner, ben, await promotion(owner, ben, [acme, lumen]))
    expect(answer.status, JSON.stringify(answer.body)).toBe(200)
    const view = await ben.call(server.app, 'team:changes', { query: { since: 0 } })
    expect(view.body.members.find((entry) => entry.memberId === ben.memberId)).toMatchObject({
      role: 'admin',
      clientIds: [],
    })
    expect(view.body.clients.map((client) => client.clientId).sort()).toEqual(
      [acme.clientId, lumen.clientId].sort(),
    )
    expect(view.body.wrappedKeys.map((key) => key.clientId).sort()).toEqual(
      [acme.clientId, lumen.clientId].sort(),
    )
    const audit = await owner.call(server.app, 'team:audit')
    expect(audit.body.entries).toContainEqual(
      expect.objectContaining({
        kind: 'role-changed',
        subject: { memberId: ben.memberId, from: 'member', to: 'admin' },
      }),
    )
  })

  it('refuses a member, the owner, oneself, a removed member, and an admin demoting', async () => {
    const { owner } = await createTeam(server)
    const acme = await shareClient(server, owner, 'Acme', ['a'])
    const ben = await addMember(server, owner)
    const cleo = await addMember(server, owner)
    const ada = await addMember(server, owner, { role: 'admin' })
    const alex = await addMember(server, owner, { role: 'admin' })

    const byMember = await changeRole(cleo, ben, await promotion(cleo, ben, [acme]))
    expect([byMember.status, byMember.body.error.code]).toEqual([403, 'forbidden'])

    const theOwner = await changeRole(ada, owner, {
      ...(await promotion(ada, owner, [acme])),
      role: 'member',
    })
    expect([theOwner.status, theOwner.body.error.code]).toEqual([403, 'forbidden'])

    const self = await changeRole(ada, ada, {
      role: 'member',
      certificates: [],
      wrappedKeys: [],
      keepClientIds: [],
      rotations: [],
    })
    expect([self.status, self.body.error.code]).toEqual([409, 'conflict'])

    const demotedByAdmin = await changeRole(ada, alex, {
      role: 'member',
      certificates: [certificate(ada, alex, 'member')],
      wrappedKeys: [],
      keepClientIds: [],
      rotations: [],
    })
    expect([demotedByAdmin.status, demotedByAdmin.body.error.code]).toEqual([403, 'forbidden'])
    expect(await roleOf(owner, alex)).toBe('admin')

    const removed = await owner.call(server.app, 'team:remove-member', {
      params: { member: cleo.memberId },
      body: { rotations: [] },
    })
    expect(removed.status, JSON.stringify(removed.body)).toBe(200)
    const ofRemoved = await changeRole(owner, cleo, await promotion(owner, cleo, [acme]))
    expect([ofRemoved.status, ofRemoved.body.error.code]).toEqual([409, 'conflict'])
    expect(await roleOf(owner, ben)).toBe('member')
  })

  it('changes nothing when a certificate names the old role, another signer, or a client key is missing', async () => {
    const { owner } = await createTeam(server)
    const acme = await shareClient(server, owner, 'Acme', ['a'])
    const lumen = await shareClient(server, owner, 'Lumen', ['l'])
    const ada = await addMember(server, owner, { role: 'admin' })
    const ben = await addMember(server, owner, { clients: [acme] })

    const oldRole = await changeRole(owner, ben, {
      ...(await promotion(owner, ben, [acme, lumen])),
      certificates: [certificate(owner, ben, 'member')],
    })
    expect([oldRole.status, oldRole.body.error.code]).toEqual([400, 'invalid-request'])

    // Signed by Ada, sent by the owner: the server would store a certificate the owner never made.
    const otherSigner = await changeRole(owner, ben, {
      ...(await promotion(owner, ben, [acme, lumen])),
      certificates: [certificate(ada, ben, 'admin')],
    })
    expect([otherSigner.status, otherSigner.body.error.code]).toEqual([400, 'invalid-request'])

    const noCertificate = await changeRole(owner, ben, {
      ...(await promotion(owner, ben, [acme, lumen])),
      certificates: [],
    })
    expect([noCertificate.status, noCertificate.body.error.code]).toEqual([409, 'conflict'])

    // An admin without Lumen's key would be an admin who cannot open Lumen.
    const missingKey = await changeRole(owner, ben, await promotion(owner, ben, [acme]))
    expect([missingKey.status, missingKey.body.error.code]).toEqual([409, 'conflict'])
    expect(missingKey.body.error.message).toMatch(/gets no key/)

    expect(await roleOf(owner, ben)).toBe('member')
    const view = await ben.call(server.app, 'team:changes', { query: { since: 0 } })
    expect(view.body.clients.map((client) => client.clientId)).toEqual([acme.clientId])
  })

  it('refuses a demotion that does not re-key every client the admin gives up', async () => {
    const { owner } = await createTeam(server)
    const acme = await shareClient(server, owner, 'Acme', ['a'])
    const ada = await addMember(server, owner, { role: 'admin' })
    const answer = await changeRole(owner, ada, {
      role: 'member',
      certificates: [certificate(owner, ada, 'member')],
      wrappedKeys: [],
      keepClientIds: [],
      rotations: [],
    })
    expect([answer.status, answer.body.error.code]).toEqual([409, 'conflict'])
    expect(answer.body.error.message).toContain(acme.clientId)
    expect(await roleOf(owner, ada)).toBe('admin')
  })

  it('takes a demotion as large as a removal: a client of thousands of accounts re-sealed is read whole', async () => {
    const { owner } = await createTeam(server)
    const acme = await shareClient(server, owner, 'Acme', ['a'])
    const ada = await addMember(server, owner, { role: 'admin' })
    // About 3 MiB of re-sealed records: read whole, then refused for naming accounts Acme does not
    // have — not cut off at the 1 MiB most routes take.
    const sealed = Buffer.alloc(1_500, 7).toString('base64url')
    const answer = await changeRole(owner, ada, {
      role: 'member',
      certificates: [certificate(owner, ada, 'member')],
      wrappedKeys: [],
      keepClientIds: [],
      rotations: [
        {
          clientId: acme.clientId,
          newKeyVersion: 2,
          sealedName: sealed,
          records: Array.from({ length: 1_500 }, () => ({ accountId: randomUUID(), revision: 1, sealed })),
          backupCodes: [],
          wrappedKeys: [],
        },
      ],
    })
    expect([answer.status, answer.body.error.code]).toEqual([409, 'conflict'])
    expect(await roleOf(owner, ada)).toBe('admin')
  })
})
