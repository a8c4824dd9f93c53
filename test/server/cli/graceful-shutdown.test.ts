import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { createApp } from '../../../electron/server/http/create-app.ts'
import { startServer } from '../../../electron/server/start-server.ts'
import { describeOnEachPostgres, freshDatabase } from '../../support/postgres.ts'
import { withClient } from '../../support/postgres-client.ts'

await describeOnEachPostgres('twofold-server shutting down', (postgres) => {
  it('finishes a request in flight, then refuses new connections and closes its database connections', async () => {
    const url = await freshDatabase(postgres.url)
    // Its own inbox secret: not one made in the machine's default data folder.
    const folder = await mkdtemp(join(tmpdir(), 'twofold-shutdown-'))
    let entered!: () => void
    const requestArrived = new Promise<void>((resolve) => (entered = resolve))
    let release!: () => void
    const released = new Promise<void>((resolve) => (release = resolve))
    const server = await startServer({
      databaseUrl: url,
      listen: '127.0.0.1:0',
      inboxSecretFile: join(folder, 'inbox-secret'),
      // The team API plus one route that waits until the test lets it answer.
      createApp: (options) => {
        const app = createApp(options)
        app.get('/test/slow', async () => {
          entered()
          await released
          return { finished: true }
        })
        return app
      },
    })
    const inFlight = fetch(`${server.url}/test/slow`)
    await requestArrived
    const closed = server.close()
    release()
    const answer = await inFlight
    expect(answer.status).toBe(200)
    expect(await answer.json()).toEqual({ finished: true })
    await closed
    await expect(fetch(`${server.url}/v1/health`)).rejects.toThrow()
    const sessions = await withClient(url, (client) =>
      client.query(
        `SELECT count(*)::int AS count FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'twofold-server'`,
      ),
    )
    expect(sessions.rows).toEqual([{ count: 0 }])
    await rm(folder, { recursive: true, force: true })
  })
})
