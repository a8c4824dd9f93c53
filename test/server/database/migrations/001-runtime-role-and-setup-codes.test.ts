import { expect, it } from 'vitest'
import { migrate } from '../../../../electron/server/database/migrate.ts'
import { migration001 } from '../../../../electron/server/database/migrations/001-runtime-role-and-setup-codes.ts'
import { describeOnEachPostgres, freshDatabase, startTestPostgres } from '../../../support/postgres.ts'
import { withClient } from '../../../support/postgres-client.ts'

await describeOnEachPostgres('server migration 001: runtime role and setup codes', (postgres) => {
  it('creates a runtime role that cannot log in, bypass RLS or own anything, and records itself', async () => {
    const url = await freshDatabase(postgres.url)
    await withClient(url, async (client) => {
      expect(await migrate(client, [migration001])).toEqual([1])
      const role = await client.query(
        `SELECT rolcanlogin, rolsuper, rolbypassrls, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = 'twofold_server'`,
      )
      expect(role.rows).toEqual([
        {
          rolcanlogin: false,
          rolsuper: false,
          rolbypassrls: false,
          rolcreaterole: false,
          rolcreatedb: false,
        },
      ])
      const recorded = await client.query('SELECT version, name FROM schema_migrations')
      expect(recorded.rows).toEqual([{ version: 1, name: 'runtime role and setup codes' }])
      const owned = await client.query(
        `SELECT count(*)::int AS count FROM pg_class WHERE relowner = 'twofold_server'::regrole`,
      )
      expect(owned.rows[0]).toEqual({ count: 0 })
    })
  })

  it('lets the role read and write setup codes but not the migrations table', async () => {
    const url = await freshDatabase(postgres.url)
    await withClient(url, async (client) => {
      await migrate(client, [migration001])
      await client.query('SET ROLE twofold_server')
      await client.query(`INSERT INTO team_setup_codes (code_hash) VALUES (decode(repeat('ab', 32), 'hex'))`)
      await expect(client.query('SELECT * FROM schema_migrations')).rejects.toThrow(/permission denied/)
      await expect(client.query('CREATE TABLE intruder (id int)')).rejects.toThrow(/permission denied/)
    })
  })

  it('refuses a code hash that is not 32 bytes', async () => {
    const url = await freshDatabase(postgres.url)
    await withClient(url, async (client) => {
      await migrate(client, [migration001])
      await expect(
        client.query(`INSERT INTO team_setup_codes (code_hash) VALUES ('\\x00'::bytea)`),
      ).rejects.toThrow(/check constraint/)
    })
  })

  it('shares the cluster-wide role between databases, and migrates several at once', async () => {
    const urls = await Promise.all([1, 2, 3].map(() => freshDatabase(postgres.url)))
    await Promise.all(urls.map((url) => withClient(url, (client) => migrate(client, [migration001]))))
    await withClient(urls[0] ?? '', async (client) => {
      const roles = await client.query(
        `SELECT count(*)::int AS count FROM pg_roles WHERE rolname = 'twofold_server'`,
      )
      expect(roles.rows[0]).toEqual({ count: 1 })
    })
  })

  // Roles belong to the cluster: the next two need one where no migration has made the role yet.
  it('works for an owner that is not a superuser (a managed PostgreSQL)', async () => {
    const cluster = await startTestPostgres({ flavour: postgres.flavour })
    try {
      const url = await freshDatabase(cluster.url, { owner: 'createrole' })
      await withClient(url, async (client) => {
        await migrate(client, [migration001])
        await client.query('SET ROLE twofold_server')
        const current = await client.query('SELECT current_user AS role')
        expect(current.rows[0]).toEqual({ role: 'twofold_server' })
      })
    } finally {
      await cluster.stop()
    }
  })

  it('refuses to use a same-named role that could log in or bypass RLS', async () => {
    const cluster = await startTestPostgres({ flavour: postgres.flavour })
    try {
      await withClient(cluster.url, (client) => client.query('CREATE ROLE twofold_server LOGIN BYPASSRLS'))
      const url = await freshDatabase(cluster.url)
      await withClient(url, async (client) => {
        await expect(migrate(client, [migration001])).rejects.toThrow(/rights the server must not have/)
        const tables = await client.query(`SELECT to_regclass('schema_migrations')::text AS found`)
        expect(tables.rows[0]).toEqual({ found: null })
      })
    } finally {
      await cluster.stop()
    }
  })
})
