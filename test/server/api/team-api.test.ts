import { randomUUID } from 'node:crypto'
import { expect, it } from 'vitest'
import { generateDeviceKeys } from '../../../electron/core/team/crypto/device-keys.ts'
import {
  inviteAuth,
  inviteAuthHash,
  joinProof,
  newInviteSecret,
} from '../../../electron/core/team/crypto/invite-secret.ts'
import { openRecord } from '../../../electron/core/team/crypto/record-seal.ts'
import { describeOnEachPostgres } from '../../support/postgres.ts'
import {
  addMember,
  callOpen,
  createBody,
  createTeam,
  send,
  sealAccount,
  shareClient,
  startTestServer,
  TestDevice,
  useTestServer,
} from './team-harness.ts'

await describeOnEachPostgres('team API', (postgres) => {
  const server = useTestServer(postgres)

  it('creates a team with a setup code once; the same code cannot create a second team', async () => {
    const team = await createTeam(server)
    const me = await team.owner.call(server.app, 'team:me')
    expect(me.status).toBe(200)
    expect(me.body.member).toMatchObject({ memberId: team.owner.memberId, role: 'owner', status: 'active' })
    expect(me.body.ownerDevice.deviceId).toBe(team.owner.deviceId)

    const second = new TestDevice(randomUUID(), randomUUID(), 'owner')
    const again = await callOpen(server.app, 'team:create', second.teamId, createBody(second, team.setupCode))
    expect(again.status).toBe(403)
    expect(again.body.error.code).toBe('setup-code-invalid')
  })

  it('invites, joins and confirms a member, who then reads only the clients granted', async () => {
    const { owner } = await createTeam(server)
    const acme = await shareClient(server, owner, 'Acme', ['acme-handle-1', 'acme-handle-2'])
    const lumen = await shareClient(server, owner, 'Lumen', ['lumen-handle'])

    const pending = await addMember(server, owner, { clients: [acme], confirm: false })
    const waiting = await pending.call(server.app, 'team:changes', { query: { since: 0 } })
    expect(waiting.status).toBe(200)
    expect(waiting.body.records).toEqual([])
    const adminView = await owner.call(server.app, 'team:changes', { query: { since: 0 } })
    const joined = adminView.body.devices.find(
      (device: { deviceId: string }) => device.deviceId === pending.deviceId,
    )
    expect(joined).toMatchObject({ status: 'pending' })
    expect(joined?.joinProof).toHaveLength(43)

    const member = await addMember(server, owner, { clients: [acme] })
    const changes = await member.call(server.app, 'team:changes', { query: { since: 0 } })
    expect(changes.status).toBe(200)
    expect(changes.body.clients.map((client: { clientId: string }) => client.clientId)).toEqual([
      acme.clientId,
    ])
    expect(changes.body.records).toHaveLength(2)
    expect(changes.body.wrappedKeys).toEqual([
      expect.objectContaining({ clientId: acme.clientId, keyVersion: 1 }),
    ])
    const first = changes.body.records[0]!
    const opened = openRecord(acme.key, Buffer.from(first.sealed, 'base64url'), {
      teamId: owner.teamId,
      clientId: acme.clientId,
      accountId: first.accountId,
      keyVersion: 1,
      revision: 1,
    })
    expect(acme.accounts.map((account) => account.plaintext)).toContain(opened.toString())

    const foreign = await member.call(server.app, 'team:write-records', {
      body: {
        records: [
          {
            clientId: lumen.clientId,
            accountId: randomUUID(),
            baseRevision: 0,
            keyVersion: 1,
            sealed: 'AAAA',
            deleted: false,
          },
        ],
      },
    })
    expect(foreign.status).toBe(404)
    expect(foreign.body.error.code).toBe('not-found')
  })

  it('pages the records by sequence, ending each page between two records', async () => {
    const { owner } = await createTeam(server)
    await shareClient(server, owner, 'Paged', ['a', 'b', 'c', 'd', 'e'])
    const seen: string[] = []
    let since = 0
    for (let page = 0; page < 10; page++) {
      const answer = await owner.call(server.app, 'team:changes', { query: { since, limit: 2 } })
      seen.push(...answer.body.records.map((record: { accountId: string }) => record.accountId))
      since = answer.body.seq
      if (!answer.body.more) break
    }
    expect(new Set(seen).size).toBe(5)
  })

  it('answers a write on a stale revision with the current record, never overwriting it', async () => {
    const { owner } = await createTeam(server)
    const client = await shareClient(server, owner, 'Conflicts', ['original'])
    const { accountId } = client.accounts[0]!
    const write = (plaintext: string, baseRevision: number) =>
      owner.call(server.app, 'team:write-records', {
        body: {
          records: [
            {
              clientId: client.clientId,
              accountId,
              baseRevision,
              keyVersion: 1,
              sealed: sealAccount(
                client.key,
                owner.teamId,
                client.clientId,
                accountId,
                plaintext,
                1,
                baseRevision + 1,
              ),
              deleted: false,
            },
          ],
        },
      })
    const firstEdit = await write('first edit', 1)
    expect(firstEdit.body.results).toEqual([
      { accountId, ok: true, revision: 2, exposedSince: null, exposure: null },
    ])
    const stale = await write('edit made offline', 1)
    expect(stale.status).toBe(200)
    expect(stale.body.results[0]).toMatchObject({ accountId, ok: false, current: { revision: 2 } })
    const result = stale.body.results[0]
    if (result?.ok !== false) throw new Error('expected a conflict')
    const current = result.current
    const text = openRecord(client.key, Buffer.from(current.sealed, 'base64url'), {
      teamId: owner.teamId,
      clientId: client.clientId,
      accountId,
      keyVersion: 1,
      revision: 2,
    })
    expect(text.toString()).toBe('first edit')
  })

  it('refuses forged, expired, replayed and misdirected tokens', async () => {
    const { owner } = await createTeam(server)
    const expect401 = (answer: { status: number; body: { error: { code: string } } }, code: string) => {
      expect(answer.status).toBe(401)
      expect(answer.body.error.code).toBe(code)
    }
    expect401(
      await owner.call(server.app, 'team:me', { signingPrivateKey: generateDeviceKeys().signing.privateKey }),
      'unauthenticated',
    )
    expect401(
      await owner.call(server.app, 'team:me', { signedAt: new Date(Date.now() - 10 * 60_000) }),
      'token-expired',
    )
    expect401(
      await owner.call(server.app, 'team:changes', {
        query: { since: 0 },
        sign: { path: `/v1/teams/${owner.teamId}/me` },
      }),
      'unauthenticated',
    )
    expect401(
      await owner.call(server.app, 'team:report', {
        body: { kind: 'code-copied', clientId: randomUUID(), accountId: randomUUID() },
        sign: { body: Buffer.from('{}') },
      }),
      'unauthenticated',
    )
    const { token: _token, ...request } = await owner.prepare('team:me')
    expect((await send(server.app, request)).status).toBe(200)
    expect401(await send(server.app, request), 'token-replayed')
    const none = await send(server.app, { ...request, headers: {} })
    expect401(none, 'unauthenticated')
  })

  it('refuses to remove a member who could read a client without a new key for that client', async () => {
    const { owner } = await createTeam(server)
    const client = await shareClient(server, owner, 'Removal', ['kept'])
    const member = await addMember(server, owner, { clients: [client] })
    const removed = await owner.call(server.app, 'team:remove-member', {
      params: { member: member.memberId },
      body: { rotations: [] },
    })
    expect(removed.status).toBe(409)
    expect(removed.body.error.message).toContain(client.clientId)
    expect((await member.call(server.app, 'team:me')).status).toBe(200)
  })

  it('names the field at fault in a bad request without repeating what was sent', async () => {
    const { owner } = await createTeam(server)
    const secretLooking = 'not a uuid but maybe someone’s secret'
    const answer = await owner.call(server.app, 'team:grant', {
      body: { memberId: secretLooking, clientId: randomUUID(), wrappedKeys: [] },
    })
    expect(answer.status).toBe(400)
    expect(answer.body.error.code).toBe('invalid-request')
    expect(answer.body.error.message).toMatch(/^body\.memberId: /)
    expect(answer.body.error.message).not.toContain(secretLooking)

    const huge = await owner.call(server.app, 'team:report', {
      body: {
        kind: 'code-copied',
        clientId: randomUUID(),
        accountId: randomUUID(),
        padding: 'x'.repeat(2 * 1024 * 1024),
      },
    })
    expect(huge.status).toBe(413)
    expect(huge.body.error.code).toBe('too-large')

    const { token: _unused, ...broken } = await owner.prepare('team:report', { body: {} })
    const notJson = await send(server.app, { ...broken, payload: Buffer.from('{"kind": ') })
    expect(notJson.status).toBe(400)
    expect(notJson.body.error.code).toBe('invalid-request')
  })

  it('keeps admin routes to admins and a pending device to reading', async () => {
    const { owner } = await createTeam(server)
    const client = await shareClient(server, owner, 'Roles', ['r'])
    const member = await addMember(server, owner, { clients: [client] })
    const invite = await member.call(server.app, 'team:invite', {
      body: {
        inviteId: randomUUID(),
        memberId: randomUUID(),
        memberName: 'Mallory',
        role: 'admin',
        clientIds: [],
        authHash: Buffer.alloc(32).toString('base64url'),
        expiresAt: new Date(Date.now() + 60_000).toISOString(),
      },
    })
    expect(invite.status).toBe(403)
    expect(invite.body.error.code).toBe('forbidden')

    const pending = await addMember(server, owner, { clients: [client], confirm: false })
    expect((await pending.call(server.app, 'team:me')).status).toBe(200)
    const audit = await pending.call(server.app, 'team:audit')
    expect(audit.status).toBe(403)
    expect(audit.body.error.code).toBe('forbidden')
  })

  it('lets an invite be used once, and only with its secret', async () => {
    const { owner } = await createTeam(server)
    const joiner = new TestDevice(owner.teamId, randomUUID(), 'member')
    const inviteId = randomUUID()
    const secret = newInviteSecret()
    await owner.call(server.app, 'team:invite', {
      body: {
        inviteId,
        memberId: joiner.memberId,
        memberName: 'Joiner',
        role: 'member',
        clientIds: [],
        authHash: inviteAuthHash(inviteAuth(secret)).toString('base64url'),
        expiresAt: new Date(Date.now() + 60_000).toISOString(),
      },
    })
    const join = (auth: Buffer, device: TestDevice) =>
      callOpen(server.app, 'team:join', owner.teamId, {
        inviteId,
        inviteAuth: auth.toString('base64url'),
        device: {
          deviceId: device.deviceId,
          agreementKey: device.agreementKey,
          signingKey: device.signingKey,
        },
        proof: joinProof(secret, {
          teamId: owner.teamId,
          inviteId,
          agreementKey: device.keys.agreement.publicKey,
          signingKey: device.keys.signing.publicKey,
        }).toString('base64url'),
      })
    const guessed = await join(inviteAuth(newInviteSecret()), joiner)
    expect(guessed.status).toBe(403)
    expect(guessed.body.error.code).toBe('invite-invalid')
    const joined = await join(inviteAuth(secret), joiner)
    expect(joined.status).toBe(200)
    expect(joined.body).toEqual({ memberId: joiner.memberId, deviceId: joiner.deviceId, status: 'pending' })
    const again = await join(inviteAuth(secret), new TestDevice(owner.teamId, joiner.memberId, 'member'))
    expect(again.status).toBe(403)
    expect(again.body.error.code).toBe('invite-invalid')
  })

  it('limits how often one address may try to join', async () => {
    const limited = await startTestServer(server.ownerUrl, { rateLimits: { join: 2 } })
    try {
      const { owner } = await createTeam(limited)
      const attempt = () =>
        callOpen(limited.app, 'team:join', owner.teamId, {
          inviteId: randomUUID(),
          inviteAuth: inviteAuth(newInviteSecret()).toString('base64url'),
          device: { deviceId: randomUUID(), agreementKey: owner.agreementKey, signingKey: owner.signingKey },
          proof: Buffer.alloc(32).toString('base64url'),
        })
      expect((await attempt()).body.error.code).toBe('invite-invalid')
      expect((await attempt()).body.error.code).toBe('invite-invalid')
      const third = await attempt()
      expect(third.status).toBe(429)
      expect(third.body.error.code).toBe('rate-limited')
    } finally {
      await limited.close()
    }
  })

  it('refuses an invite once it has expired', async () => {
    const later = await startTestServer(server.ownerUrl, { clock: () => new Date(Date.now() + 5 * 60_000) })
    try {
      const { owner } = await createTeam(server)
      const joiner = new TestDevice(owner.teamId, randomUUID(), 'member')
      const inviteId = randomUUID()
      const secret = newInviteSecret()
      const invited = await owner.call(server.app, 'team:invite', {
        body: {
          inviteId,
          memberId: joiner.memberId,
          memberName: 'Late',
          role: 'member',
          clientIds: [],
          authHash: inviteAuthHash(inviteAuth(secret)).toString('base64url'),
          expiresAt: new Date(Date.now() + 60_000).toISOString(),
        },
      })
      expect(invited.status).toBe(200)
      const joined = await callOpen(later.app, 'team:join', owner.teamId, {
        inviteId,
        inviteAuth: inviteAuth(secret).toString('base64url'),
        device: {
          deviceId: joiner.deviceId,
          agreementKey: joiner.agreementKey,
          signingKey: joiner.signingKey,
        },
        proof: Buffer.alloc(32).toString('base64url'),
      })
      expect(joined.status).toBe(403)
      expect(joined.body.error.code).toBe('invite-invalid')
    } finally {
      await later.close()
    }
  })
})
