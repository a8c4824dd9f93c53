import pg from 'pg'
import { migrate } from './migrate.ts'
import { LATEST_SERVER_SCHEMA_VERSION } from './migrations/index.ts'

/** The role every request runs as (created by migration 001). */
export const RUNTIME_ROLE = 'twofold_server'

export interface OpenDatabaseOptions {
  /** The owner's connection: it runs the migrations and then switches to the runtime role. */
  url: string
  /** Connections in the request pool; PostgreSQL's own max_connections bounds all copies together. */
  poolMax?: number
  /** How long a request waits for a connection (the pool's or a new one) before failing. */
  connectionTimeoutMs?: number
  /** How long an unused pooled connection stays open. */
  idleTimeoutMs?: number
  /** The longest any one statement may run; PostgreSQL cancels it after that. */
  statementTimeoutMs?: number
  /** A transaction left open this long (a stuck request) is ended by PostgreSQL. */
  idleInTransactionTimeoutMs?: number
  /** Where connection errors of idle pooled clients go; they never carry a password. */
  onError?: (message: string) => void
}

export interface Database {
  /** Connections already switched to the runtime role: every request uses this. */
  readonly pool: pg.Pool
  /** The schema version after migrating. */
  readonly schemaVersion: number
  /** A connection of its own, outside the pool and as the runtime role: for LISTEN, which holds it. */
  connectDedicated(): Promise<pg.Client>
  /** Ends the pool (waits for checked-out clients to be released). */
  close(): Promise<void>
}

const DEFAULTS = {
  poolMax: 10,
  connectionTimeoutMs: 10_000,
  idleTimeoutMs: 30_000,
  statementTimeoutMs: 30_000,
  idleInTransactionTimeoutMs: 60_000,
}

function connectionConfig(options: OpenDatabaseOptions, role: 'owner' | 'runtime'): pg.ClientConfig {
  const settings = { ...DEFAULTS, ...options }
  return {
    connectionString: options.url,
    application_name: 'twofold-server',
    connectionTimeoutMillis: settings.connectionTimeoutMs,
    statement_timeout: settings.statementTimeoutMs,
    idle_in_transaction_session_timeout: settings.idleInTransactionTimeoutMs,
    // The role is part of the connection's start-up, so no query can ever run before the switch, and
    // RESET ROLE returns to the runtime role rather than the owner.
    ...(role === 'runtime' ? { options: `-c role=${RUNTIME_ROLE}` } : {}),
  }
}

/** What a failed connection says, without the URL (it holds the password). */
function describeConnectionError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return message.replaceAll(/postgres(ql)?:\/\/\S+/g, '<database url>')
}

export class DatabaseUnavailableError extends Error {
  override readonly name = 'DatabaseUnavailableError'
}

/**
 * Connects as the owner, migrates, then opens the request pool as the runtime role and checks that
 * the switch holds (a role with BYPASSRLS or ownership would silently void the row-level security).
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const owner = new pg.Client(connectionConfig(options, 'owner'))
  try {
    await owner.connect()
  } catch (error) {
    throw new DatabaseUnavailableError(`cannot connect to PostgreSQL: ${describeConnectionError(error)}`, {
      cause: error,
    })
  }
  try {
    await migrate(owner)
  } finally {
    await owner.end().catch(() => undefined)
  }
  const settings = { ...DEFAULTS, ...options }
  const pool = new pg.Pool({
    ...connectionConfig(options, 'runtime'),
    max: settings.poolMax,
    idleTimeoutMillis: settings.idleTimeoutMs,
  })
  // An idle client losing its connection (PostgreSQL restarted) must not bring the process down.
  pool.on('error', (error) =>
    options.onError?.(`database connection lost: ${describeConnectionError(error)}`),
  )
  try {
    const check = await pool.query<{ role: string; bypass: boolean; superuser: boolean }>(
      'SELECT current_user AS role, rolbypassrls AS bypass, rolsuper AS superuser FROM pg_roles WHERE rolname = current_user',
    )
    const row = check.rows[0]
    if (row?.role !== RUNTIME_ROLE || row.bypass || row.superuser) {
      throw new DatabaseUnavailableError(`requests would not run as ${RUNTIME_ROLE} without bypass rights`)
    }
  } catch (error) {
    await pool.end().catch(() => undefined)
    if (error instanceof DatabaseUnavailableError) throw error
    throw new DatabaseUnavailableError(
      `cannot switch to ${RUNTIME_ROLE}: ${describeConnectionError(error)}`,
      {
        cause: error,
      },
    )
  }
  return {
    pool,
    schemaVersion: LATEST_SERVER_SCHEMA_VERSION,
    async connectDedicated() {
      const client = new pg.Client(connectionConfig(options, 'runtime'))
      await client.connect()
      return client
    },
    async close() {
      await pool.end()
    },
  }
}
