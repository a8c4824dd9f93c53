import { statSync } from 'node:fs'
import { chmod, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  startEmbeddedPostgres,
  type RunningEmbeddedPostgres,
} from '../../../electron/server/database/embedded-postgres.ts'
import { portIsFree } from '../../../electron/server/database/free-port.ts'
import { postgresFlavourAvailable } from '../../support/postgres.ts'
import { withClient } from '../../support/postgres-client.ts'

const available = await postgresFlavourAvailable('embedded')

describe.skipIf(!available)('the embedded PostgreSQL behind --data DIR', () => {
  let folder: string
  const running: RunningEmbeddedPostgres[] = []
  const start = async (dataDir: string) => {
    const server = await startEmbeddedPostgres({ dataDir })
    running.push(server)
    return server
  }

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'twofold-embedded-'))
    // Under root the cluster runs as postgres, which has to get through this folder.
    await chmod(folder, 0o755)
  })
  afterEach(async () => {
    for (const server of running.splice(0)) await server.stop()
    await rm(folder, { recursive: true, force: true })
  })

  it('initialises once with a generated password kept from other users, and keeps its data across restarts', async () => {
    const dataDir = join(folder, 'server')
    const first = await start(dataDir)
    expect(statSync(join(dataDir, 'password')).mode & 0o777).toBe(0o600)
    await withClient(first.url, (client) =>
      client.query(`CREATE TABLE kept (note text); INSERT INTO kept VALUES ('hi')`),
    )
    await first.stop()
    expect(await portIsFree(first.port)).toBe(true)

    const second = await start(dataDir)
    const rows = await withClient(second.url, (client) => client.query('SELECT note FROM kept'))
    expect(rows.rows).toEqual([{ note: 'hi' }])
    expect(new URL(second.url).password).toBe(new URL(first.url).password)
  })

  it('listens on loopback only and refuses a wrong password', async () => {
    const server = await start(join(folder, 'server'))
    expect(new URL(server.url).hostname).toBe('127.0.0.1')
    const wrong = new URL(server.url)
    wrong.password = 'guess'
    await expect(withClient(wrong.toString(), (client) => client.query('SELECT 1'))).rejects.toThrow(
      /password authentication failed/,
    )
    const listen = await withClient(server.url, (client) => client.query('SHOW listen_addresses'))
    expect(listen.rows).toEqual([{ listen_addresses: '127.0.0.1' }])
  })

  it('refuses a second start on a folder a running server holds, and leaves that server running', async () => {
    const dataDir = join(folder, 'server')
    const first = await start(dataDir)
    await expect(startEmbeddedPostgres({ dataDir })).rejects.toThrow(
      /is in use by a running twofold-server \(pid \d+\)/,
    )
    const still = await withClient(first.url, (client) => client.query('SELECT 1 AS up'))
    expect(still.rows).toEqual([{ up: 1 }])
  })

  it.skipIf(userInfo().uid !== 0)(
    'says so when, under root, the postgres user cannot reach the folder',
    async () => {
      const closed = await mkdtemp(join(folder, 'closed-'))
      await chmod(closed, 0o700)
      await expect(startEmbeddedPostgres({ dataDir: join(closed, 'server') })).rejects.toThrow(
        /the postgres user, which cannot enter .*closed-/,
      )
    },
  )
})
