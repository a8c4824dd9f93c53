import { setTimeout as delay } from 'node:timers/promises'
import type pg from 'pg'
import { afterEach, expect, it } from 'vitest'
import { verifyAuditChain } from '../../../electron/core/team/crypto/audit-chain.ts'
import { unwrapClientKey } from '../../../electron/core/team/crypto/key-wrap.ts'
import { openRecord } from '../../../electron/core/team/crypto/record-seal.ts'
import { withClient } from '../../support/postgres-client.ts'
import { describeOnEachPostgres, freshDatabase } from '../../support/postgres.ts'
import {
  addMember,
  callOverHttp,
  clientRotation,
  createTeam,
  shareClient,
  startTestServer,
  type TestClient,
  type TestDevice,
} from '../api/team-harness.ts'
import { startServerProcess, type ServerProcess } from './server-process.ts'

const ACCOUNTS_PER_CLIENT = 400

/** Polls PostgreSQL (not the clock) until `found` returns a value. */
async function waitFor<T>(what: string, found: () => Promise<T | undefined>): Promise<T> {
  for (let attempt = 0; attempt < 3000; attempt++) {
    const value = await found()
    if (value !== undefined) return value
    await delay(10)
  }
  throw new Error(`gave up waiting for ${what}`)
}

/**
 * What `device` reads from the server: for each client, its key version, every record's version, and
 * every record opened with the key wrapped to this device for that version (a record that does not
 * open throws). A client whose records are not all at the client's version is a mix, and fails here.
 */
async function readAll(baseUrl: string, device: TestDevice, clients: TestClient[]) {
  const view = await callOverHttp(baseUrl, device, 'team:changes', { query: { since: 0, limit: 5000 } })
  expect(view.status).toBe(200)
  expect(view.body.more).toBe(false)
  const result = new Map<string, { keyVersion: number; plaintexts: string[]; exposed: number }>()
  for (const client of clients) {
    const keyVersion = view.body.clients.find((c) => c.clientId === client.clientId)?.keyVersion
    if (keyVersion === undefined) throw new Error(`client ${client.name} is missing`)
    const wrapped = view.body.wrappedKeys.find(
      (key) => key.clientId === client.clientId && key.keyVersion === keyVersion,
    )
    if (!wrapped) throw new Error(`no key of ${client.name} at version ${keyVersion} for this device`)
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
    expect(new Set(records.map((record) => record.keyVersion))).toEqual(new Set([keyVersion]))
    result.set(client.name, {
      keyVersion,
      plaintexts: records
        .map((record) =>
          openRecord(key, Buffer.from(record.sealed, 'base64url'), {
            teamId: device.teamId,
            clientId: client.clientId,
            accountId: record.accountId,
            keyVersion,
            revision: record.revision,
          }).toString(),
        )
        .sort(),
      exposed: records.filter((record) => record.exposedSince !== null).length,
    })
  }
  return { view: view.body, clients: result }
}

const plaintextsOf = (client: TestClient) => client.accounts.map((account) => account.plaintext).sort()

await describeOnEachPostgres('twofold-server killed in the middle of a member removal', (postgres) => {
  let running: ServerProcess | undefined
  afterEach(async () => {
    await running?.stop('SIGKILL')
    running = undefined
  })

  it('leaves every record readable with the old key and the member in place, and the removal can be done again', async () => {
    const url = await freshDatabase(postgres.url)
    // The team is set up through the same app in this process, then served by a real twofold-server.
    const setup = await startTestServer(url)
    const { owner } = await createTeam(setup)
    const numbered = (name: string) =>
      Array.from({ length: ACCOUNTS_PER_CLIENT }, (_, index) => `${name} secret ${index}`)
    const acme = await shareClient(setup, owner, 'Acme', numbered('acme'))
    const lumen = await shareClient(setup, owner, 'Lumen', numbered('lumen'))
    const leaving = await addMember(setup, owner, { clients: [acme, lumen] })
    const staying = await addMember(setup, owner, { clients: [acme, lumen] })
    await setup.close()

    const serverArgs = ['--database-url', url, '--listen', '127.0.0.1:0']
    running = await startServerProcess(serverArgs)
    const server = running
    const [acmeRotation, lumenRotation] = await Promise.all(
      [acme, lumen].map((client) => clientRotation(owner, client, [owner, staying])),
    )
    const body = { rotations: [acmeRotation!.rotation, lumenRotation!.rotation] }

    await withClient(url, async (db: pg.Client) => {
      // A row of Lumen locked by the test: the removal's transaction marks the member removed, deletes
      // their keys, re-seals all of Acme and then waits here, on Lumen's records, until it is killed.
      await db.query('BEGIN')
      await db.query('SELECT 1 FROM records WHERE team_id = $1 AND account_id = $2 FOR UPDATE', [
        owner.teamId,
        lumen.accounts[ACCOUNTS_PER_CLIENT - 1]!.accountId,
      ])
      const removal = callOverHttp(server.url, owner, 'team:remove-member', {
        params: { member: leaving.memberId },
        body,
      }).then(
        (answer) => `answered ${answer.status}`,
        () => 'connection lost',
      )
      const blocked = await waitFor('the removal to wait on the locked row', async () => {
        // pg_stat_activity is read once per transaction unless told otherwise, and this one stays open.
        await db.query('SELECT pg_stat_clear_snapshot()')
        const rows = await db.query<{ pid: number; wrote: boolean; query: string }>(
          `SELECT pid, backend_xid IS NOT NULL AS wrote, query FROM pg_stat_activity
           WHERE datname = current_database() AND pg_backend_pid() = ANY(pg_blocking_pids(pid))`,
        )
        return rows.rows[0]
      })
      // The rotation waits for Lumen's records, so the removal and Acme's re-sealing were already
      // written (the transaction holds an id) when the server died.
      expect(blocked.query).toMatch(/FROM records .* FOR UPDATE/)
      expect(blocked.wrote).toBe(true)
      await server.stop('SIGKILL')
      running = undefined
      expect(await removal).toBe('connection lost')
      await db.query('ROLLBACK')
      await waitFor('PostgreSQL to end the killed server’s transaction', async () => {
        const rows = await db.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [blocked.pid])
        return rows.rowCount === 0 ? true : undefined
      })
    })

    running = await startServerProcess(serverArgs)
    const restarted = running

    // Nothing of the removal happened: old keys, every record opens, nothing flagged, the member is in.
    for (const device of [owner, staying, leaving]) {
      const read = await readAll(restarted.url, device, [acme, lumen])
      for (const client of [acme, lumen]) {
        expect(read.clients.get(client.name)).toEqual({
          keyVersion: 1,
          plaintexts: plaintextsOf(client),
          exposed: 0,
        })
      }
      expect(read.view.members.find((member) => member.memberId === leaving.memberId)?.status).toBe('active')
      expect(read.view.devices.find((d) => d.deviceId === leaving.deviceId)?.status).toBe('active')
    }
    const audit = await callOverHttp(restarted.url, owner, 'team:audit', { query: { limit: 10_000 } })
    expect(audit.body.entries.map((entry) => entry.kind)).not.toContain('member-removed')
    expect(audit.body.entries.map((entry) => entry.kind)).not.toContain('key-rotated')
    expect(verifyAuditChain(audit.body.entries, { teamId: owner.teamId, head: audit.body.head })).toEqual({
      ok: true,
    })

    // The admin sends the same removal again, and this time it happens whole.
    const again = await callOverHttp(restarted.url, owner, 'team:remove-member', {
      params: { member: leaving.memberId },
      body,
    })
    expect(again.status).toBe(200)
    const refused = await callOverHttp(restarted.url, leaving, 'team:changes', { query: { since: 0 } })
    expect(refused.status).toBe(403)
    expect(refused.body.error.code).toBe('member-removed')
    const after = await readAll(restarted.url, staying, [acme, lumen])
    for (const client of [acme, lumen]) {
      expect(after.clients.get(client.name)).toEqual({
        keyVersion: 2,
        plaintexts: plaintextsOf(client),
        exposed: ACCOUNTS_PER_CLIENT,
      })
    }
  })
})
