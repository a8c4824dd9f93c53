import { execFile } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { promisify } from 'node:util'
import { expect, it } from 'vitest'
import { withClient } from '../../support/postgres-client.ts'
import { describeOnEachPostgres } from '../../support/postgres.ts'
import {
  addMember,
  createTeam,
  openEvents,
  sealAccount,
  shareClient,
  startTestServer,
  useTestServer,
} from './team-harness.ts'

const DEBIAN_PG_DUMP = '/usr/lib/postgresql/15/bin/pg_dump'

await describeOnEachPostgres('team isolation, live updates and what the database holds', (postgres) => {
  const server = useTestServer(postgres)

  it("gives a member no row of a client they were not granted, even querying as the server's role", async () => {
    const { owner } = await createTeam(server)
    const granted = await shareClient(server, owner, 'Granted', ['g-1', 'g-2'])
    const other = await shareClient(server, owner, 'Other', ['o-1'])
    const member = await addMember(server, owner, { clients: [granted] })

    await withClient(server.ownerUrl, async (db) => {
      await db.query('BEGIN')
      await db.query('SET LOCAL ROLE twofold_server')
      await db.query(
        "SELECT set_config('twofold.team_id', $1, true), set_config('twofold.member_id', $2, true)",
        [member.teamId, member.memberId],
      )
      const records = await db.query<{ client_id: string }>('SELECT client_id FROM records')
      expect(records.rows.map((row) => row.client_id)).toEqual([granted.clientId, granted.clientId])
      for (const table of ['records', 'clients', 'wrapped_keys']) {
        const column = table === 'clients' ? 'id' : 'client_id'
        const rows = await db.query(`SELECT 1 FROM ${table} WHERE ${column} = $1`, [other.clientId])
        expect(rows.rowCount, table).toBe(0)
      }
      // Nor can it write into a client it does not hold.
      const written = await db
        .query(
          `INSERT INTO records (team_id, client_id, account_id, revision, key_version, sealed, deleted, seq,
             updated_by_member, updated_at) VALUES ($1, $2, gen_random_uuid(), 1, 1, '\\x00', false, 1, $3, now())`,
          [member.teamId, other.clientId, member.memberId],
        )
        .catch((error: { code?: string }) => error.code)
      expect(written).toBe('42501')
      await db.query('ROLLBACK')
    })
  })

  it('tells a stream on one server copy of a write made through another copy', async () => {
    const second = await startTestServer(server.ownerUrl)
    try {
      const address = await second.app.listen({ host: '127.0.0.1', port: 0 })
      const { owner } = await createTeam(server)
      const client = await shareClient(server, owner, 'Live', ['before'])
      const events = await openEvents(address, owner)
      expect(events.status).toBe(200)
      const accountId = client.accounts[0]!.accountId
      const written = await owner.call(server.app, 'team:write-records', {
        body: {
          records: [
            {
              clientId: client.clientId,
              accountId,
              baseRevision: 1,
              keyVersion: 1,
              sealed: sealAccount(client.key, owner.teamId, client.clientId, accountId, 'after', 1, 2),
              deleted: false,
            },
          ],
        },
      })
      expect(written.status).toBe(200)
      expect(await events.until(written.body.seq)).toBe(written.body.seq)
      events.close()
    } finally {
      await second.close()
    }
  })

  it("ends a removed member's stream with the removal", async () => {
    const second = await startTestServer(server.ownerUrl)
    try {
      const address = await second.app.listen({ host: '127.0.0.1', port: 0 })
      const { owner } = await createTeam(server)
      const member = await addMember(server, owner)
      const events = await openEvents(address, member)
      expect(events.status).toBe(200)
      const removed = await owner.call(server.app, 'team:remove-member', {
        params: { member: member.memberId },
        body: { rotations: [] },
      })
      expect(removed.status).toBe(200)
      await events.ended
    } finally {
      await second.close()
    }
  })

  it('keeps a stream informed after the database drops the connection that listens', async () => {
    const second = await startTestServer(server.ownerUrl)
    try {
      const address = await second.app.listen({ host: '127.0.0.1', port: 0 })
      const { owner } = await createTeam(server)
      const events = await openEvents(address, owner)
      const terminated = await withClient(server.ownerUrl, (db) =>
        db.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = 'LISTEN twofold_team'`,
        ),
      )
      expect(terminated.rowCount).toBe(1)
      const shared = await owner.call(server.app, 'team:share-client', {
        body: { clientId: randomUUID(), sealedName: 'AAAA', keyVersion: 1, wrappedKeys: [], records: [] },
      })
      expect(shared.status).toBe(200)
      expect(await events.until(shared.body.seq)).toBe(shared.body.seq)
      events.close()
    } finally {
      await second.close()
    }
  })

  it('keeps no handle, secret, phone, note or client name readable in a dump of the database', async () => {
    const secrets = {
      handle: 'handle-of-the-dump-test',
      secret: 'JBSWY3DPEHPK3PXPDUMPTEST',
      phone: '+4915112345678',
      note: 'note: the dump must not show this',
      client: 'Client Name Of The Dump Test',
    }
    const { owner } = await createTeam(server)
    await shareClient(server, owner, secrets.client, [
      JSON.stringify({
        handle: secrets.handle,
        secret: secrets.secret,
        phones: [secrets.phone],
        notes: secrets.note,
      }),
    ])
    const dump = await databaseDump(postgres.flavour, server.ownerUrl)
    expect(dump).toContain(owner.teamId)
    for (const [what, text] of Object.entries(secrets)) {
      expect(dump.includes(text), what).toBe(false)
      // bytea columns are dumped as hex: plaintext stored in one would show up this way.
      expect(dump.includes(Buffer.from(text).toString('hex')), `${what} as hex`).toBe(false)
    }
  })
})

/**
 * pg_dump where its major version matches the server's (Debian's 15); the embedded build ships no
 * pg_dump, so there every table's rows are copied out as text, as a dump would hold them.
 */
async function databaseDump(flavour: string, url: string): Promise<string> {
  if (flavour === 'debian-15') {
    const { stdout } = await promisify(execFile)(DEBIAN_PG_DUMP, ['--dbname', url], {
      maxBuffer: 64 * 1024 * 1024,
    })
    return stdout
  }
  return withClient(url, async (db) => {
    const tables = await db.query<{ name: string }>(
      "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
    )
    const parts: string[] = []
    for (const { name } of tables.rows) {
      const rows = await db.query<{ line: string }>(`SELECT t::text AS line FROM ${name} t`)
      parts.push(`-- ${name}`, ...rows.rows.map((row) => row.line))
    }
    return parts.join('\n')
  })
}
