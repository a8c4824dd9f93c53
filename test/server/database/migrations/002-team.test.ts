import { randomUUID } from 'node:crypto'
import type pg from 'pg'
import { expect, it } from 'vitest'
import { migrate } from '../../../../electron/server/database/migrate.ts'
import { migration001 } from '../../../../electron/server/database/migrations/001-runtime-role-and-setup-codes.ts'
import { migration002 } from '../../../../electron/server/database/migrations/002-team.ts'
import { withClient } from '../../../support/postgres-client.ts'
import { describeOnEachPostgres, freshDatabase } from '../../../support/postgres.ts'

const UP_TO_002 = [migration001, migration002]

const TEAM_TABLES = [
  'audit',
  'backup_code_sets',
  'backup_codes',
  'clients',
  'devices',
  'grants',
  'invites',
  'members',
  'records',
  'teams',
  'token_uses',
  'wrapped_keys',
]

const hex32 = (byte: string) => `decode(repeat('${byte}', 32), 'hex')`

/**
 * As the database owner: a team with an owner and a plain member, two clients (the member granted only
 * the first), a record in each and one audit entry.
 */
async function seedTeam(client: pg.Client) {
  const ids = {
    team: randomUUID(),
    owner: randomUUID(),
    member: randomUUID(),
    granted: randomUUID(),
    other: randomUUID(),
  }
  await client.query(`INSERT INTO teams (id, name, seq) VALUES ($1, 'Agency', 1)`, [ids.team])
  await client.query(
    `INSERT INTO members (team_id, id, name, role, status, seq)
     VALUES ($1, $2, 'Ana', 'owner', 'active', 1), ($1, $3, 'Ben', 'member', 'active', 1)`,
    [ids.team, ids.owner, ids.member],
  )
  await client.query(
    `INSERT INTO clients (team_id, id, sealed_name, key_version, seq)
     VALUES ($1, $2, '\\x01', 1, 1), ($1, $3, '\\x02', 1, 1)`,
    [ids.team, ids.granted, ids.other],
  )
  await client.query(`INSERT INTO grants (team_id, member_id, client_id, seq) VALUES ($1, $2, $3, 1)`, [
    ids.team,
    ids.member,
    ids.granted,
  ])
  for (const clientId of [ids.granted, ids.other]) {
    await client.query(
      `INSERT INTO records (team_id, client_id, account_id, revision, key_version, sealed, deleted, seq,
                            updated_by_member, updated_at)
       VALUES ($1, $2, $3, 1, 1, '\\x0102', false, 1, $4, now())`,
      [ids.team, clientId, randomUUID(), ids.owner],
    )
  }
  await client.query(
    `INSERT INTO audit (team_id, seq, at, actor_member, kind, subject, reported, prev_hash, hash)
     VALUES ($1, 1, now(), $2, 'team.created', '{}', false, ${hex32('00')}, ${hex32('11')})`,
    [ids.team, ids.owner],
  )
  return ids
}

/** Switches the connection to the server's runtime role, acting for `member` of `team`. */
async function actAs(client: pg.Client, team: string, member: string) {
  await client.query('SET ROLE twofold_server')
  await client.query(
    `SELECT set_config('twofold.team_id', $1, false), set_config('twofold.member_id', $2, false)`,
    [team, member],
  )
}

await describeOnEachPostgres('server migration 002: team vault', (postgres) => {
  it('applies on a database at 001, keeping its setup codes, and records itself', async () => {
    const url = await freshDatabase(postgres.url)
    await withClient(url, async (client) => {
      expect(await migrate(client, [migration001])).toEqual([1])
      await client.query(`INSERT INTO team_setup_codes (code_hash) VALUES (${hex32('ab')})`)
      expect(await migrate(client, UP_TO_002)).toEqual([2])
      const codes = await client.query(`SELECT encode(code_hash, 'hex') AS hash FROM team_setup_codes`)
      expect(codes.rows).toEqual([{ hash: 'ab'.repeat(32) }])
      const recorded = await client.query('SELECT version, name FROM schema_migrations ORDER BY version')
      expect(recorded.rows).toEqual([
        { version: 1, name: 'runtime role and setup codes' },
        { version: 2, name: 'team vault' },
      ])
      expect(await migrate(client, UP_TO_002)).toEqual([])
    })
  })

  it('forces row-level security on every team table, and the runtime role owns none of them', async () => {
    const url = await freshDatabase(postgres.url)
    await withClient(url, async (client) => {
      await migrate(client, UP_TO_002)
      const tables = await client.query<{ name: string; rls: boolean; forced: boolean; owned: boolean }>(
        `SELECT c.relname AS name, c.relrowsecurity AS rls, c.relforcerowsecurity AS forced,
                c.relowner = 'twofold_server'::regrole AS owned
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY c.relname`,
      )
      const team = tables.rows.filter((row) => TEAM_TABLES.includes(row.name))
      expect(team.map((row) => row.name)).toEqual(TEAM_TABLES)
      for (const row of team)
        expect(row, row.name).toEqual({ name: row.name, rls: true, forced: true, owned: false })
      // Only the two tables of migration 001 are outside row-level security.
      expect(tables.rows.filter((row) => !row.rls).map((row) => row.name)).toEqual([
        'schema_migrations',
        'team_setup_codes',
      ])
      const owned = await client.query(
        `SELECT count(*)::int AS count FROM pg_class WHERE relowner = 'twofold_server'::regrole`,
      )
      expect(owned.rows[0]).toEqual({ count: 0 })
    })
  })

  it('lets the runtime role add and read audit entries, never change, delete or truncate them', async () => {
    const url = await freshDatabase(postgres.url)
    await withClient(url, async (client) => {
      await migrate(client, UP_TO_002)
      const ids = await seedTeam(client)
      await actAs(client, ids.team, ids.owner)
      await client.query(
        `INSERT INTO audit (team_id, seq, at, actor_member, kind, subject, reported, prev_hash, hash)
         VALUES ($1, 2, now(), $2, 'client.shared', '{}', false, ${hex32('11')}, ${hex32('22')})`,
        [ids.team, ids.owner],
      )
      const entries = await client.query('SELECT seq::int AS seq FROM audit ORDER BY seq')
      expect(entries.rows).toEqual([{ seq: 1 }, { seq: 2 }])
      await expect(client.query(`UPDATE audit SET kind = 'nothing'`)).rejects.toThrow(/permission denied/)
      await expect(client.query('DELETE FROM audit')).rejects.toThrow(/permission denied/)
      await expect(client.query('TRUNCATE audit')).rejects.toThrow(/permission denied/)
      await client.query('RESET ROLE')
      const after = await client.query(`SELECT kind FROM audit ORDER BY seq`)
      expect(after.rows).toEqual([{ kind: 'team.created' }, { kind: 'client.shared' }])
    })
  })

  it('never lets the runtime role delete a member, a client or a record, or change a schema', async () => {
    const url = await freshDatabase(postgres.url)
    await withClient(url, async (client) => {
      await migrate(client, UP_TO_002)
      const ids = await seedTeam(client)
      await actAs(client, ids.team, ids.owner)
      for (const table of ['teams', 'members', 'devices', 'clients', 'records']) {
        await expect(client.query(`DELETE FROM ${table}`), table).rejects.toThrow(/permission denied/)
      }
      await expect(client.query(`UPDATE members SET role = 'owner'`)).rejects.toThrow(/permission denied/)
      await expect(client.query(`UPDATE records SET team_id = gen_random_uuid()`)).rejects.toThrow(
        /permission denied/,
      )
      await expect(client.query('ALTER TABLE records DISABLE ROW LEVEL SECURITY')).rejects.toThrow(
        /must be owner/,
      )
      await expect(client.query('DROP POLICY held_clients ON records')).rejects.toThrow(/must be owner/)
    })
  })

  it("limits the runtime role to the request's team, and a member to the clients they hold", async () => {
    const url = await freshDatabase(postgres.url)
    await withClient(url, async (client) => {
      await migrate(client, UP_TO_002)
      const ids = await seedTeam(client)
      const count = async (table: string) =>
        (await client.query<{ count: number }>(`SELECT count(*)::int AS count FROM ${table}`)).rows[0]?.count

      await client.query('SET ROLE twofold_server')
      for (const table of TEAM_TABLES) expect(await count(table), `${table} with no team set`).toBe(0)

      await actAs(client, randomUUID(), ids.owner)
      expect(await count('teams')).toBe(0)
      expect(await count('members')).toBe(0)
      expect(await count('records')).toBe(0)

      await actAs(client, ids.team, ids.owner)
      expect(await count('clients')).toBe(2)
      expect(await count('records')).toBe(2)

      await actAs(client, ids.team, ids.member)
      expect(await count('members')).toBe(2)
      const seen = await client.query('SELECT client_id FROM records')
      expect(seen.rows).toEqual([{ client_id: ids.granted }])
      // A write into a client the member does not hold is refused by the policy, not just hidden.
      await expect(
        client.query(
          `INSERT INTO records (team_id, client_id, account_id, revision, key_version, sealed, deleted, seq,
                                updated_by_member, updated_at)
           VALUES ($1, $2, $3, 1, 1, '\\x03', false, 2, $4, now())`,
          [ids.team, ids.other, randomUUID(), ids.member],
        ),
      ).rejects.toThrow(/row-level security/)
      const updated = await client.query(`UPDATE records SET exposed_since = now() WHERE client_id = $1`, [
        ids.other,
      ])
      expect(updated.rowCount).toBe(0)

      // A removed member holds nothing, whatever their grants say.
      await client.query('RESET ROLE')
      await client.query(`UPDATE members SET status = 'removed' WHERE id = $1`, [ids.member])
      await actAs(client, ids.team, ids.member)
      expect(await count('records')).toBe(0)
      expect(await count('clients')).toBe(0)
    })
  })

  it('refuses keys and hashes of the wrong length', async () => {
    const url = await freshDatabase(postgres.url)
    await withClient(url, async (client) => {
      await migrate(client, UP_TO_002)
      const ids = await seedTeam(client)
      await expect(
        client.query(
          `INSERT INTO devices (team_id, id, member_id, agreement_key, signing_key, status, seq)
           VALUES ($1, $2, $3, '\\x00', ${hex32('01')}, 'pending', 1)`,
          [ids.team, randomUUID(), ids.member],
        ),
      ).rejects.toThrow(/check constraint/)
      await expect(
        client.query(
          `INSERT INTO audit (team_id, seq, at, kind, subject, reported, prev_hash, hash)
           VALUES ($1, 2, now(), 'x', '{}', false, '\\x00', ${hex32('22')})`,
          [ids.team],
        ),
      ).rejects.toThrow(/check constraint/)
      await expect(
        client.query(
          `INSERT INTO members (team_id, id, name, role, status, seq) VALUES ($1, $2, 'Cy', 'root', 'active', 1)`,
          [ids.team, randomUUID()],
        ),
      ).rejects.toThrow(/check constraint/)
    })
  })
})
