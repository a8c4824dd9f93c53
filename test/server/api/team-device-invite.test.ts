import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { verifyAuditChain } from '../../../electron/core/team/crypto/audit-chain.ts'
import {
  inviteAuth,
  inviteAuthHash,
  joinProof,
  newInviteSecret,
} from '../../../electron/core/team/crypto/invite-secret.ts'
import { describeOnEachPostgres, freshDatabase } from '../../support/postgres.ts'
import {
  addMember,
  callOpen,
  confirmDevice,
  createTeam,
  shareClient,
  startTestServer,
  TestDevice,
  type TestServer,
} from './team-harness.ts'

const HOUR_MS = 3_600_000

/** `admin` asks for a device invite for `member`'s member; answers the invite's secret and id with the reply. */
async function inviteDevice(
  server: TestServer,
  admin: TestDevice,
  memberId: string,
  expiresAt = new Date(Date.now() + HOUR_MS),
) {
  const secret = newInviteSecret()
  const inviteId = randomUUID()
  const answer = await admin.call(server.app, 'team:invite-device', {
    params: { member: memberId },
    body: {
      inviteId,
      authHash: inviteAuthHash(inviteAuth(secret)).toString('base64url'),
      expiresAt: expiresAt.toISOString(),
    },
  })
  return { answer, secret, inviteId }
}

/** A new device of `member`'s member answering the invite, the way `twofold team join` does. */
async function joinAsDevice(
  server: TestServer,
  member: TestDevice,
  invite: { secret: Buffer; inviteId: string },
) {
  const device = new TestDevice(member.teamId, member.memberId, member.role)
  const proof = joinProof(invite.secret, {
    teamId: device.teamId,
    inviteId: invite.inviteId,
    agreementKey: device.keys.agreement.publicKey,
    signingKey: device.keys.signing.publicKey,
  })
  const answer = await callOpen(server.app, 'team:join', device.teamId, {
    inviteId: invite.inviteId,
    inviteAuth: inviteAuth(invite.secret).toString('base64url'),
    device: { deviceId: device.deviceId, agreementKey: device.agreementKey, signingKey: device.signingKey },
    proof: proof.toString('base64url'),
  })
  return { device, answer }
}

await describeOnEachPostgres('adding a device to a member', (postgres) => {
  let server: TestServer
  /** Moved forward to see an invite expire; join is the one route it matters to (it has no token). */
  let clockOffsetMs = 0

  beforeAll(async () => {
    server = await startTestServer(await freshDatabase(postgres.url), {
      clock: () => new Date(Date.now() + clockOffsetMs),
    })
  })
  afterAll(async () => {
    await server?.close()
  })

  it('joins an active member as a pending, keyless device; an admin confirms it with that member’s clients', async () => {
    const { owner } = await createTeam(server)
    const acme = await shareClient(server, owner, 'Acme', ['acme-1'])
    await shareClient(server, owner, 'Lumen', ['lumen-1'])
    const desktop = await addMember(server, owner, { clients: [acme] })

    const invite = await inviteDevice(server, owner, desktop.memberId)
    expect(invite.answer.status).toBe(200)
    expect(invite.answer.body).toEqual({ inviteId: invite.inviteId, memberId: desktop.memberId })
    const { device: laptop, answer: joined } = await joinAsDevice(server, desktop, invite)
    expect(joined.status).toBe(200)
    expect(joined.body).toEqual({ memberId: desktop.memberId, deviceId: laptop.deviceId, status: 'pending' })

    // The member stays active (their first device keeps working); the new one sees no client yet.
    const waiting = await laptop.call(server.app, 'team:changes', { query: { since: 0 } })
    expect(waiting.status).toBe(200)
    expect(waiting.body.members.find((m) => m.memberId === desktop.memberId)?.status).toBe('active')
    expect(waiting.body).toMatchObject({ clients: [], records: [], wrappedKeys: [] })
    expect(
      (await desktop.call(server.app, 'team:changes', { query: { since: 0 } })).body.records,
    ).toHaveLength(1)
    const adminView = await owner.call(server.app, 'team:changes', { query: { since: 0 } })
    expect(adminView.body.devices.find((d) => d.deviceId === laptop.deviceId)).toMatchObject({
      status: 'pending',
      inviteId: invite.inviteId,
    })

    await confirmDevice(server, owner, laptop, [acme])
    const confirmed = await laptop.call(server.app, 'team:changes', { query: { since: 0 } })
    expect(confirmed.body.clients.map((client) => client.clientId)).toEqual([acme.clientId])
    expect(confirmed.body.wrappedKeys.map((key) => [key.clientId, key.deviceId])).toEqual([
      [acme.clientId, laptop.deviceId],
    ])
    expect(
      confirmed.body.devices.filter((d) => d.memberId === desktop.memberId).map((d) => d.status),
    ).toEqual(['active', 'active'])

    const audit = await owner.call(server.app, 'team:audit', { query: { limit: 100 } })
    expect(audit.body.entries.slice(-3).map((entry) => entry.kind)).toEqual([
      'device-invited',
      'device-joined',
      'device-confirmed',
    ])
    expect(verifyAuditChain(audit.body.entries, { teamId: owner.teamId, head: audit.body.head })).toEqual({
      ok: true,
    })
  })

  it('refuses to wrap to the new device a client its member does not hold', async () => {
    const { owner } = await createTeam(server)
    const acme = await shareClient(server, owner, 'Acme', ['acme-1'])
    const lumen = await shareClient(server, owner, 'Lumen', ['lumen-1'])
    const desktop = await addMember(server, owner, { clients: [acme] })
    const { device: laptop } = await joinAsDevice(
      server,
      desktop,
      await inviteDevice(server, owner, desktop.memberId),
    )
    await expect(confirmDevice(server, owner, laptop, [acme, lumen])).rejects.toThrow(/forbidden/)
    const still = await owner.call(server.app, 'team:changes', { query: { since: 0 } })
    expect(still.body.devices.find((d) => d.deviceId === laptop.deviceId)?.status).toBe('pending')
  })

  it('takes each code once, and not after it expired', async () => {
    const { owner } = await createTeam(server)
    const desktop = await addMember(server, owner)
    const invite = await inviteDevice(server, owner, desktop.memberId)
    expect((await joinAsDevice(server, desktop, invite)).answer.status).toBe(200)
    const reused = await joinAsDevice(server, desktop, invite)
    expect(reused.answer.status).toBe(403)
    expect(reused.answer.body.error.code).toBe('invite-invalid')

    const expiring = await inviteDevice(server, owner, desktop.memberId)
    clockOffsetMs = 2 * HOUR_MS
    try {
      const late = await joinAsDevice(server, desktop, expiring)
      expect(late.answer.status).toBe(403)
      expect(late.answer.body.error.code).toBe('invite-invalid')
    } finally {
      clockOffsetMs = 0
    }
    const wrongSecret = await joinAsDevice(server, desktop, {
      inviteId: (await inviteDevice(server, owner, desktop.memberId)).inviteId,
      secret: newInviteSecret(),
    })
    expect(wrongSecret.answer.body.error.code).toBe('invite-invalid')
  })

  it('refuses a device invite for an unknown, removed or still-joining member, and from a member', async () => {
    const { owner } = await createTeam(server)
    const unknown = await inviteDevice(server, owner, randomUUID())
    expect([unknown.answer.status, unknown.answer.body.error.code]).toEqual([404, 'not-found'])

    const joining = await addMember(server, owner, { confirm: false })
    const early = await inviteDevice(server, owner, joining.memberId)
    expect([early.answer.status, early.answer.body.error.code]).toEqual([409, 'conflict'])

    const leaving = await addMember(server, owner)
    const madeBefore = await inviteDevice(server, owner, leaving.memberId)
    expect(madeBefore.answer.status).toBe(200)
    const removed = await owner.call(server.app, 'team:remove-member', {
      params: { member: leaving.memberId },
      body: { rotations: [] },
    })
    expect(removed.status).toBe(200)
    const after = await inviteDevice(server, owner, leaving.memberId)
    expect([after.answer.status, after.answer.body.error.code]).toEqual([409, 'conflict'])
    // A code made while the member was still in the team opens nothing once they are gone.
    const late = await joinAsDevice(server, leaving, madeBefore)
    expect([late.answer.status, late.answer.body.error.code]).toEqual([403, 'invite-invalid'])

    const member = await addMember(server, owner)
    const byMember = await inviteDevice(server, member, member.memberId)
    expect([byMember.answer.status, byMember.answer.body.error.code]).toEqual([403, 'forbidden'])

    const tooLong = await inviteDevice(
      server,
      owner,
      member.memberId,
      new Date(Date.now() + 31 * 24 * HOUR_MS),
    )
    expect(tooLong.answer.body.error.code).toBe('invalid-request')
  })

  it("lets only the owner add a device to the owner: an admin's would act with the owner's powers", async () => {
    const { owner } = await createTeam(server)
    const admin = await addMember(server, owner, { role: 'admin' })
    const byAdmin = await inviteDevice(server, admin, owner.memberId)
    expect([byAdmin.answer.status, byAdmin.answer.body.error.code]).toEqual([403, 'forbidden'])
    const forSelf = await inviteDevice(server, owner, owner.memberId)
    expect(forSelf.answer.status).toBe(200)
    // An admin adds a device for another admin (or for themselves).
    expect((await inviteDevice(server, admin, admin.memberId)).answer.status).toBe(200)
  })
})
