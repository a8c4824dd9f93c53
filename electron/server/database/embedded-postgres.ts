import { randomBytes } from 'node:crypto'
import { existsSync, statSync } from 'node:fs'
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises'
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
 * DIR holds `pgdata/` (the cluster, created once and kept), `password` (the superuser's, generated
 * at the first start, readable by this user only) and, while it runs, `server.pid` (the process that
 * started it, so that a start after a crash can tell an orphaned PostgreSQL from one in use). The server listens on 127.0.0.1 only, never on a
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
  const ownerFile = join(dataDir, 'server.pid')
  await claimFolder(dataDir, ownerFile)
  let url: string
  let port: number
  try {
    // A server that was killed (SIGKILL, a crash) leaves its PostgreSQL running: this start takes over.
    if ((await runningClusterPid(binaries, pgdata)) !== undefined) await stopCluster(binaries, pgdata)
    port = options.port ?? (await findFreePort())
    await startCluster({ binaries, dataDir: pgdata, port })
    url = databaseUrl(password, port)
    await ensureDatabase(url).catch(async (error: unknown) => {
      await stopCluster(binaries, pgdata).catch(() => undefined)
      throw error
    })
  } catch (error) {
    await rm(ownerFile, { force: true })
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
      await rm(ownerFile, { force: true })
    },
  }
}

/**
 * DIR/server.pid, created exclusively, says which process runs DIR's PostgreSQL. One left by a process
 * that has died is taken over; one of a live process means DIR is in use.
 */
async function claimFolder(dataDir: string, ownerFile: string): Promise<void> {
  for (let attempt = 1; attempt <= 2; attempt++) {
    try {
      await writeFile(ownerFile, `${process.pid}\n`, { mode: 0o600, flag: 'wx' })
      return
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const owner = await liveOwner(ownerFile)
      if (owner !== undefined) {
        throw new ClusterError(`${dataDir} is in use by a running twofold-server (pid ${owner})`)
      }
      await rm(ownerFile, { force: true })
    }
  }
  throw new ClusterError(`${dataDir} is in use by another twofold-server starting at the same moment`)
}

/** The pid in server.pid if that process still runs. */
async function liveOwner(ownerFile: string): Promise<number | undefined> {
  const pid = Number((await readFile(ownerFile, 'utf8').catch(() => '')).trim())
  if (!Number.isInteger(pid) || pid <= 0) return undefined
  try {
    process.kill(pid, 0)
    return pid
  } catch (error) {
    // EPERM: alive, but another user's.
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? pid : undefined
  }
}
