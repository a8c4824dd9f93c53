import type pg from 'pg'
import type { ServerMigration } from './migration.ts'
import { serverMigrations } from './migrations/index.ts'

/** Any fixed number: every copy of the server takes the same transaction-level lock to migrate. */
const MIGRATION_LOCK_KEY = 0x7466_6d69 // "tfmi"

export class SchemaTooNewError extends Error {
  override readonly name = 'SchemaTooNewError'
  readonly databaseVersion: number
  readonly knownVersion: number

  constructor(databaseVersion: number, knownVersion: number) {
    super(
      `the database's schema is at version ${databaseVersion}, newer than this twofold-server knows (${knownVersion}): run the newer server, or a backup made for this one`,
    )
    this.databaseVersion = databaseVersion
    this.knownVersion = knownVersion
  }
}

async function appliedVersion(client: pg.ClientBase): Promise<number> {
  const exists = await client.query<{ table: string | null }>(
    "SELECT to_regclass('schema_migrations')::text AS table",
  )
  if ((exists.rows[0]?.table ?? null) === null) return 0
  const result = await client.query<{ version: number | null }>(
    'SELECT max(version) AS version FROM schema_migrations',
  )
  return result.rows[0]?.version ?? 0
}

function checkOrder(migrations: readonly ServerMigration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`server migration ${migration.name} is numbered ${migration.version}, not ${index + 1}`)
    }
  })
}

/**
 * Brings the schema up to date, one transaction per migration, each under an advisory lock: copies of
 * the server starting at once queue on the lock, and each re-reads the version once it holds it, so
 * every migration runs exactly once. A failing migration leaves the schema at the one before it.
 * Runs as the owner (the client's login role). Returns the versions this call applied.
 */
export async function migrate(
  client: pg.ClientBase,
  migrations: readonly ServerMigration[] = serverMigrations,
): Promise<number[]> {
  checkOrder(migrations)
  const known = migrations.length
  const applied: number[] = []
  for (;;) {
    await client.query('BEGIN')
    try {
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY])
      const current = await appliedVersion(client)
      if (current > known) throw new SchemaTooNewError(current, known)
      const next = migrations[current]
      if (!next) {
        await client.query('COMMIT')
        return applied
      }
      await client.query(next.sql).catch((error: unknown) => {
        const reason = error instanceof Error ? error.message : String(error)
        throw new Error(`server migration ${next.version} (${next.name}) failed: ${reason}`, { cause: error })
      })
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        next.version,
        next.name,
      ])
      await client.query('COMMIT')
      applied.push(next.version)
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined)
      throw error
    }
  }
}
