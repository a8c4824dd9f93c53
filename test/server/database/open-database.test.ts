import { afterEach, expect, it } from 'vitest'
import { openDatabase, type Database } from '../../../electron/server/database/open-database.ts'
import { withTeamTransaction, withTransaction } from '../../../electron/server/database/team-transaction.ts'
import { describeOnEachPostgres, freshDatabase } from '../../support/postgres.ts'
import { withClient } from '../../support/postgres-client.ts'

const TEAM_A = '00000000-0000-4000-8000-00000000000a'
const TEAM_B = '00000000-0000-4000-8000-00000000000b'

/** A team table as the later migrations make them: owned by the owner, RLS on, the role granted rows. */
async function addTeamTable(url: string): Promise<void> {
  await withClient(url, async (client) => {
    await client.query(`
      CREATE TABLE notes (team_id uuid NOT NULL, body text NOT NULL);
      ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
      CREATE POLICY notes_of_team ON notes
        USING (team_id = nullif(current_setting('twofold.team_id', true), '')::uuid)
        WITH CHECK (team_id = nullif(current_setting('twofold.team_id', true), '')::uuid);
      GRANT SELECT, INSERT ON notes TO twofold_server;
      INSERT INTO notes VALUES ('${TEAM_A}', 'for a'), ('${TEAM_B}', 'for b');
    `)
  })
}

let database: Database | undefined
afterEach(async () => {
  await database?.close()
  database = undefined
})

await describeOnEachPostgres('the request pool', (postgres) => {
  it('migrates on open and runs every request as the runtime role, even after RESET ROLE', async () => {
    const url = await freshDatabase(postgres.url)
    database = await openDatabase({ url, poolMax: 2 })
    const pool = database.pool
    const who = await pool.query('SELECT current_user AS role')
    expect(who.rows[0]).toEqual({ role: 'twofold_server' })
    const reset = await withTransaction(pool, async (client) => {
      await client.query('RESET ROLE')
      return client.query('SELECT current_user AS role')
    })
    expect(reset.rows[0]).toEqual({ role: 'twofold_server' })
  })

  it('sees only the rows of the team set for the transaction, and cannot write into another team', async () => {
    const url = await freshDatabase(postgres.url)
    database = await openDatabase({ url, poolMax: 2 })
    await addTeamTable(url)
    const pool = database.pool
    const seen = await withTeamTransaction(pool, { teamId: TEAM_A, memberId: null }, (client) =>
      client.query('SELECT body FROM notes'),
    )
    expect(seen.rows).toEqual([{ body: 'for a' }])
    await expect(
      withTeamTransaction(pool, { teamId: TEAM_A, memberId: null }, (client) =>
        client.query(`INSERT INTO notes VALUES ('${TEAM_B}', 'smuggled')`),
      ),
    ).rejects.toThrow(/row-level security/)
    // The team is set for one transaction: the next one on the same connection sees nothing.
    const after = await pool.query('SELECT body FROM notes')
    expect(after.rows).toEqual([])
  })

  it('cannot turn row-level security off, own a table or change the schema', async () => {
    const url = await freshDatabase(postgres.url)
    database = await openDatabase({ url, poolMax: 1 })
    await addTeamTable(url)
    const pool = database.pool
    await expect(pool.query('SET row_security = off; SELECT * FROM notes')).rejects.toThrow(
      /row-level security/,
    )
    await expect(pool.query('ALTER TABLE notes DISABLE ROW LEVEL SECURITY')).rejects.toThrow(/must be owner/)
    await expect(pool.query('CREATE TABLE mine (id int)')).rejects.toThrow(/permission denied/)
    const owned = await withClient(url, (client) =>
      client.query(`SELECT tablename FROM pg_tables WHERE tableowner = 'twofold_server'`),
    )
    expect(owned.rows).toEqual([])
    const role = await withClient(url, (client) =>
      client.query(`SELECT rolbypassrls, rolsuper FROM pg_roles WHERE rolname = 'twofold_server'`),
    )
    expect(role.rows).toEqual([{ rolbypassrls: false, rolsuper: false }])
  })

  it('rolls a failed transaction back whole', async () => {
    const url = await freshDatabase(postgres.url)
    database = await openDatabase({ url, poolMax: 1 })
    await addTeamTable(url)
    await expect(
      withTeamTransaction(database.pool, { teamId: TEAM_A, memberId: null }, async (client) => {
        await client.query(`INSERT INTO notes VALUES ('${TEAM_A}', 'half')`)
        throw new Error('the request failed after its first write')
      }),
    ).rejects.toThrow(/after its first write/)
    const rows = await withClient(url, (client) => client.query(`SELECT body FROM notes WHERE body = 'half'`))
    expect(rows.rows).toEqual([])
  })

  it('cancels a statement that runs past the statement timeout', async () => {
    const url = await freshDatabase(postgres.url)
    database = await openDatabase({ url, poolMax: 1, statementTimeoutMs: 200 })
    await expect(database.pool.query('SELECT pg_sleep(5)')).rejects.toThrow(/statement timeout/)
    // The connection is still usable afterwards.
    expect((await database.pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }])
  })

  it('says it cannot connect without repeating the URL or its password', async () => {
    const url = new URL(await freshDatabase(postgres.url))
    url.password = 'not-the-password-1234'
    const error = await openDatabase({ url: url.toString() }).catch((caught: unknown) => caught)
    expect(String(error)).toMatch(/cannot connect to PostgreSQL: password authentication failed/)
    expect(String(error)).not.toContain('not-the-password-1234')
  })

  it('gives a dedicated connection as the runtime role for LISTEN', async () => {
    const url = await freshDatabase(postgres.url)
    database = await openDatabase({ url, poolMax: 1 })
    const listener = await database.connectDedicated()
    try {
      const heard = new Promise<string | undefined>((resolve) => {
        listener.on('notification', (message) => resolve(message.payload))
      })
      await listener.query('LISTEN twofold_team')
      await database.pool.query(`SELECT pg_notify('twofold_team', 'team:7')`)
      expect(await heard).toBe('team:7')
      expect((await listener.query('SELECT current_user AS role')).rows).toEqual([{ role: 'twofold_server' }])
    } finally {
      await listener.end()
    }
  })
})
