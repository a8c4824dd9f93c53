import { expect, it } from 'vitest'
import type { ServerMigration } from '../../../electron/server/database/migration.ts'
import { migrate, SchemaTooNewError } from '../../../electron/server/database/migrate.ts'
import { serverMigrations } from '../../../electron/server/database/migrations/index.ts'
import { describeOnEachPostgres, freshDatabase } from '../../support/postgres.ts'
import { withClient } from '../../support/postgres-client.ts'

/** A migration that counts its own runs: applied twice, the count would say so. */
const counting = (version: number): ServerMigration => ({
  version,
  name: `counting ${version}`,
  sql: `CREATE TABLE IF NOT EXISTS runs (version int);
        SELECT pg_sleep(0.05);
        INSERT INTO runs VALUES (${version});`,
})

const withCounting = [
  ...serverMigrations,
  counting(serverMigrations.length + 1),
  counting(serverMigrations.length + 2),
]

await describeOnEachPostgres('the server migration runner', (postgres) => {
  it('applies every migration in order once, and nothing on a second start', async () => {
    const url = await freshDatabase(postgres.url)
    await withClient(url, async (client) => {
      const versions = withCounting.map((migration) => migration.version)
      expect(await migrate(client, withCounting)).toEqual(versions)
      expect(await migrate(client, withCounting)).toEqual([])
      const recorded = await client.query('SELECT version FROM schema_migrations ORDER BY version')
      expect(recorded.rows.map((row: { version: number }) => row.version)).toEqual(versions)
    })
  })

  it('applies each migration exactly once when several servers start at the same moment', async () => {
    const url = await freshDatabase(postgres.url)
    const applied = await Promise.all(
      [1, 2, 3, 4].map(() => withClient(url, (client) => migrate(client, withCounting))),
    )
    expect(applied.flat().sort((a, b) => a - b)).toEqual(withCounting.map((migration) => migration.version))
    await withClient(url, async (client) => {
      const runs = await client.query('SELECT version FROM runs ORDER BY version')
      expect(runs.rows).toEqual([{ version: withCounting.length - 1 }, { version: withCounting.length }])
    })
  })

  it('refuses to start against a database migrated by a newer server, and changes nothing', async () => {
    const url = await freshDatabase(postgres.url)
    await withClient(url, async (client) => {
      await migrate(client, withCounting)
      const error = await migrate(client, serverMigrations).catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(SchemaTooNewError)
      expect(String(error)).toMatch(/schema is at version \d+, newer than this twofold-server knows/)
      const runs = await client.query('SELECT count(*)::int AS count FROM runs')
      expect(runs.rows[0]).toEqual({ count: 2 })
    })
  })

  it('leaves the schema at the last good migration when one fails', async () => {
    const url = await freshDatabase(postgres.url)
    const broken: ServerMigration = {
      version: serverMigrations.length + 2,
      name: 'broken',
      sql: 'CREATE TABLE half_done (id int); SELECT no_such_function();',
    }
    await withClient(url, async (client) => {
      await expect(
        migrate(client, [...serverMigrations, counting(serverMigrations.length + 1), broken]),
      ).rejects.toThrow(
        /server migration \d+ \(broken\) failed: function no_such_function\(\) does not exist/,
      )
      const version = await client.query('SELECT max(version)::int AS version FROM schema_migrations')
      expect(version.rows[0]).toEqual({ version: serverMigrations.length + 1 })
      const half = await client.query(`SELECT to_regclass('half_done')::text AS found`)
      expect(half.rows[0]).toEqual({ found: null })
    })
  })
})
