import { randomBytes } from 'node:crypto'
import { existsSync, statSync } from 'node:fs'
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import pg from 'pg'
import { findFreePort } from './free-port.ts'
import {
  ClusterError,
  clusterIsInitialised,
  runningClusterPid,
  clusterOsUser,
  embeddedBinaries,
  initCluster,
  startCluster,
  stopCluster,
} from './postgres-cluster.ts'

/**
 * The PostgreSQL behind `twofold-server start --data DIR`: one office starts a team with one command.
 * DIR holds `pgdata/` (the cluster, created once and kept) and `password` (the superuser's, generated
 * at the first start, readable by this user only). The server listens on 127.0.0.1 only, never on a
 * socket file, on a free port chosen at each start unless one is given.
 */
export interface EmbeddedPostgresOptions {
  dataDir: string
  port?: number
  /**
   * When a server already runs on DIR, connect to it instead of refusing (for `setup-code` beside a
   * running `start`); stop() then leaves it running.
   */
  attachToRunning?: boolean
}

export interface RunningEmbeddedPostgres {
  /** The superuser's connection to the `twofold` database. */
  url: string
  port: number
  stop(): Promise<void>
}

const SUPERUSER = 'twofold'
const DATABASE = 'twofold'

/**
 * Under root the cluster runs as `postgres`, which must be able to walk down to DIR/pgdata: a DIR
 * under root's private home would fail later with a less helpful permission error.
 */
function checkReachableByClusterUser(dataDir: string): void {
  if (!clusterOsUser()) return
  for (let folder = dirname(dataDir); ; folder = dirname(folder)) {
    if (existsSync(folder) && (statSync(folder).mode & 0o001) === 0) {
      throw new ClusterError(
        `running as root, the embedded PostgreSQL runs as the postgres user, which cannot enter ${folder}: choose a --data folder it can reach (e.g. /var/lib/twofold-server)`,
      )
    }
    if (dirname(folder) === folder) return
  }
}

async function readOrCreatePassword(passwordFile: string, initialised: boolean): Promise<string> {
  if (existsSync(passwordFile)) return (await readFile(passwordFile, 'utf8')).trim()
  if (initialised) {
    throw new ClusterError(
      `${passwordFile} is missing, so the database in the same folder cannot be opened: restore the file from a backup`,
    )
  }
  const password = randomBytes(24).toString('base64url')
  // Written before initdb, so a start killed half-way reuses the same password on the next start.
  await writeFile(passwordFile, `${password}\n`, { mode: 0o600, flag: 'wx' })
  return password
}

function databaseUrl(password: string, port: number): string {
  return `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`
}

/** The running server's port is the fourth line of its postmaster.pid. */
async function attach(pgdata: string, password: string): Promise<RunningEmbeddedPostgres> {
  const lines = (await readFile(join(pgdata, 'postmaster.pid'), 'utf8')).split('\n')
  const port = Number(lines[3])
  if (!Number.isInteger(port) || port <= 0) {
    throw new ClusterError(`cannot tell which port the PostgreSQL running in ${pgdata} listens on`)
  }
  return { url: databaseUrl(password, port), port, stop: () => Promise.resolve() }
}

async function ensureDatabase(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url.replace(/\/[^/]*$/, '/postgres') })
  await client.connect()
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE])
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`)
  } finally {
    await client.end()
  }
}

export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<RunningEmbeddedPostgres> {
  const dataDir = resolve(options.dataDir)
  checkReachableByClusterUser(dataDir)
  await mkdir(dataDir, { recursive: true, mode: 0o700 })
  // The postgres user (under root) passes through DIR to pgdata/, without being able to list it.
  await chmod(dataDir, clusterOsUser() ? 0o711 : 0o700)
  const binaries = await embeddedBinaries()
  const pgdata = join(dataDir, 'pgdata')
  const initialised = clusterIsInitialised(pgdata)
  const password = await readOrCreatePassword(join(dataDir, 'password'), initialised)
  if (!initialised) {
    await initCluster({
      binaries,
      dataDir: pgdata,
      superuser: SUPERUSER,
      password,
      settings: { listen_addresses: '127.0.0.1', unix_socket_directories: '' },
    })
  }
  if (options.attachToRunning && (await runningClusterPid(binaries, pgdata)) !== undefined) {
    return attach(pgdata, password)
  }
  const port = options.port ?? (await findFreePort())
  await startCluster({ binaries, dataDir: pgdata, port })
  const url = databaseUrl(password, port)
  try {
    await ensureDatabase(url)
  } catch (error) {
    await stopCluster(binaries, pgdata).catch(() => undefined)
    throw error
  }
  let stopped = false
  return {
    url,
    port,
    async stop() {
      if (stopped) return
      stopped = true
      await stopCluster(binaries, pgdata)
    },
  }
}
