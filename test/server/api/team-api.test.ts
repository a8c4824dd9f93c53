import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { generateDeviceKeys } from '../../../electron/core/team/crypto/device-keys.ts'
import { openRecord } from '../../../electron/core/team/crypto/record-seal.ts'
import { describeOnEachPostgres, freshDatabase } from '../../support/postgres.ts'
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
  type TestServer,
} from './team-harness.ts'

describeOnEachPostgres('team API', (postgres) => {
  let server: TestServer

  beforeAll(async () => {
    server = await startTestServer(await freshDatabase(postgres.url))
  })
  afterAll(async () => {
    await server?.close()
  })

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
    expect((await pending.call(server.app, 'team:write-records', { body: { records: [] } })).status).toBe(400)
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
    expect(firstEdit.body.results).toEqual([{ accountId, ok: true, revision: 2 }])
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

  it('refuses a removed member at once, and their wrapped keys are gone', async () => {
    const { owner } = await createTeam(server)
    const client = await shareClient(server, owner, 'Removal', ['kept'])
    const member = await addMember(server, owner, { clients: [client] })
    expect((await member.call(server.app, 'team:me')).status).toBe(200)
    const removed = await owner.call(server.app, 'team:remove-member', {
      params: { member: member.memberId },
      body: { rotations: [] },
    })
    // Refused: the member held the client, so it needs a new key.
    expect(removed.status).toBe(409)
    expect((await member.call(server.app, 'team:me')).status).toBe(200)
  })
})
