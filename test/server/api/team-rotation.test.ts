import { randomUUID } from 'node:crypto'
import { expect, it } from 'vitest'
import { verifyAuditChain } from '../../../electron/core/team/crypto/audit-chain.ts'
import { newClientKey } from '../../../electron/core/team/crypto/client-key.ts'
import {
  openBackupCode,
  openRecord,
  sealBackupCode,
  sealClientName,
} from '../../../electron/core/team/crypto/record-seal.ts'
import { withClient } from '../../support/postgres-client.ts'
import { describeOnEachPostgres } from '../../support/postgres.ts'
import {
  addMember,
  createTeam,
  sealAccount,
  shareClient,
  signedWrap,
  type TestClient,
  type TestDevice,
  type TestServer,
  useTestServer,
} from './team-harness.ts'

/** The admin's re-sealing of a client under a new key, as the desktop builds it. */
async function rotationOf(
  server: TestServer,
  admin: TestDevice,
  client: TestClient,
  keepers: TestDevice[],
  options: { leaveOut?: string } = {},
) {
  const key = newClientKey()
  const keyVersion = client.keyVersion + 1
  const changes = await admin.call(server.app, 'team:changes', { query: { since: 0 } })
  const records = changes.body.records.filter(
    (record) => record.clientId === client.clientId && record.accountId !== options.leaveOut,
  )
  const rotation = {
    clientId: client.clientId,
    newKeyVersion: keyVersion,
    sealedName: sealClientName(key, client.name, {
      teamId: admin.teamId,
      clientId: client.clientId,
      keyVersion,
    }).toString('base64url'),
    records: records.map((record) => ({
      accountId: record.accountId,
      revision: record.revision,
      sealed: sealAccount(
        key,
        admin.teamId,
        client.clientId,
        record.accountId,
        client.accounts.find((account) => account.accountId === record.accountId)?.plaintext ?? '',
        keyVersion,
        record.revision,
      ),
    })),
    backupCodes: [],
    wrappedKeys: await Promise.all(
      keepers.map(async (device) => ({
        deviceId: device.deviceId,
        ...(await signedWrap(admin, device, key, client.clientId, keyVersion)),
      })),
    ),
  }
  return { rotation, key, keyVersion }
}

await describeOnEachPostgres('team key rotation, backup codes and audit', (postgres) => {
  const server = useTestServer(postgres)

  it('refuses a rotation that misses a record and leaves the old version whole', async () => {
    const { owner } = await createTeam(server)
    const client = await shareClient(server, owner, 'Acme', ['one', 'two'])
    const member = await addMember(server, owner, { clients: [client] })
    const { rotation } = await rotationOf(server, owner, client, [owner], {
      leaveOut: client.accounts[1]!.accountId,
    })
    const refused = await owner.call(server.app, 'team:revoke', {
      body: { memberId: member.memberId, clientId: client.clientId, rotation },
    })
    expect(refused.status).toBe(409)
    expect(refused.body.error.code).toBe('conflict')

    // The member still holds the client, and every record opens with the old key.
    const after = await member.call(server.app, 'team:changes', { query: { since: 0 } })
    expect(after.body.clients).toEqual([
      expect.objectContaining({ clientId: client.clientId, keyVersion: 1 }),
    ])
    const opened = after.body.records.map((record) =>
      openRecord(client.key, Buffer.from(record.sealed, 'base64url'), {
        teamId: owner.teamId,
        clientId: client.clientId,
        accountId: record.accountId,
        keyVersion: 1,
        revision: record.revision,
      }).toString(),
    )
    expect(opened.sort()).toEqual(['one', 'two'])
  })

  it('removes a member: refused at once, the client re-keyed for those who stay, every account flagged exposed', async () => {
    const { owner } = await createTeam(server)
    const client = await shareClient(server, owner, 'Lumen', ['secret-a', 'secret-b'])
    const leaving = await addMember(server, owner, { clients: [client] })
    const staying = await addMember(server, owner, { clients: [client] })
    const { rotation, key } = await rotationOf(server, owner, client, [owner, staying])
    const removed = await owner.call(server.app, 'team:remove-member', {
      params: { member: leaving.memberId },
      body: { rotations: [rotation] },
    })
    expect(removed.status).toBe(200)

    const refused = await leaving.call(server.app, 'team:changes', { query: { since: 0 } })
    expect(refused.status).toBe(403)
    expect(refused.body.error.code).toBe('member-removed')

    const view = await staying.call(server.app, 'team:changes', { query: { since: 0 } })
    expect(view.body.wrappedKeys).toEqual([
      expect.objectContaining({ clientId: client.clientId, keyVersion: 2 }),
    ])
    for (const record of view.body.records) {
      expect(record.exposedSince).not.toBeNull()
      const text = openRecord(key, Buffer.from(record.sealed, 'base64url'), {
        teamId: owner.teamId,
        clientId: client.clientId,
        accountId: record.accountId,
        keyVersion: 2,
        revision: record.revision,
      })
      expect(['secret-a', 'secret-b']).toContain(text.toString())
    }
    expect(view.body.members.find((member) => member.memberId === leaving.memberId)?.status).toBe('removed')
  })

  it('hands each of 12 backup codes out once to 20 claims at the same time, and refuses the other 8', async () => {
    const { owner } = await createTeam(server)
    const client = await shareClient(server, owner, 'Codes', ['account with codes'])
    const second = await addMember(server, owner, { clients: [client] })
    const setId = randomUUID()
    const accountId = client.accounts[0]!.accountId
    const codes = Array.from({ length: 12 }, (_, index) => `code-${index}-${randomUUID().slice(0, 8)}`)
    const added = await owner.call(server.app, 'team:add-backup-codes', {
      body: {
        setId,
        clientId: client.clientId,
        accountId,
        keyVersion: 1,
        codes: codes.map((code, index) =>
          sealBackupCode(client.key, Buffer.from(code), {
            teamId: owner.teamId,
            clientId: client.clientId,
            setId,
            index,
            keyVersion: 1,
          }).toString('base64url'),
        ),
      },
    })
    expect(added.status).toBe(200)

    const claims = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        (index % 2 === 0 ? owner : second).call(server.app, 'team:claim-backup-code', {
          params: { set: setId },
          body: {},
        }),
      ),
    )
    const granted = claims.filter((claim) => claim.status === 200)
    const exhausted = claims.filter((claim) => claim.status === 409)
    expect(exhausted.map((claim) => claim.body.error.code)).toEqual(Array(8).fill('backup-codes-exhausted'))
    const handedOut = granted.map((claim) =>
      openBackupCode(client.key, Buffer.from(claim.body.sealed, 'base64url'), {
        teamId: owner.teamId,
        clientId: client.clientId,
        setId,
        index: claim.body.index,
        keyVersion: 1,
      }).toString(),
    )
    expect(new Set(handedOut).size).toBe(12)
    expect(handedOut.sort()).toEqual([...codes].sort())
  })

  it('writes a hash-chained audit log that verifies, and a row altered in the database breaks it', async () => {
    const { owner } = await createTeam(server)
    const client = await shareClient(server, owner, 'Audited', ['x'])
    await addMember(server, owner, { clients: [client] })
    const reported = await owner.call(server.app, 'team:report', {
      body: { kind: 'code-copied', clientId: client.clientId, accountId: client.accounts[0]!.accountId },
    })
    expect(reported.status).toBe(200)

    const read = async () => (await owner.call(server.app, 'team:audit', { query: { limit: 100 } })).body
    const log = await read()
    expect(log.entries.map((entry) => entry.kind)).toEqual([
      'team-created',
      'client-shared',
      'member-invited',
      'device-joined',
      'device-confirmed',
      'code-copied',
    ])
    expect(log.entries.at(-1)?.reported).toBe(true)
    expect(verifyAuditChain(log.entries, { teamId: owner.teamId, head: log.head })).toEqual({ ok: true })

    // The database's owner (not the server's role, which may only add rows) rewrites history.
    await withClient(server.ownerUrl, async (db) => {
      await db.query(`UPDATE audit SET kind = 'nothing-happened' WHERE team_id = $1 AND seq = 2`, [
        owner.teamId,
      ])
    })
    const tampered = await read()
    expect(verifyAuditChain(tampered.entries, { teamId: owner.teamId, head: tampered.head })).toMatchObject({
      ok: false,
      seq: 2,
    })
  })
})
