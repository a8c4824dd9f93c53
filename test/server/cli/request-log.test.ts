import { afterEach, expect, it } from 'vitest'
import { describeOnEachPostgres, freshDatabase } from '../../support/postgres.ts'
import { startServerProcess, type ServerProcess } from './server-process.ts'

let running: ServerProcess | undefined
afterEach(async () => {
  await running?.stop()
  running = undefined
})

await describeOnEachPostgres('twofold-server start --log', (postgres) => {
  it('logs each request without its body or its Authorization header', async () => {
    const url = await freshDatabase(postgres.url)
    running = await startServerProcess(['--database-url', url, '--listen', '127.0.0.1:0', '--log'])
    const token = 'Twofold eyJhbGciOiJFZERTQSJ9.secret-token-marker.sig'
    const response = await fetch(`${running.url}/v1/teams`, {
      method: 'POST',
      headers: { authorization: token, 'content-type': 'application/json' },
      body: JSON.stringify({ setupCode: 'BODY-MARKER-ABCDE', teamName: 'Acme agency' }),
    })
    expect(response.status).toBeGreaterThanOrEqual(400)
    await running.stop()
    const log = running.stdout() + running.stderr()
    running = undefined
    expect(log).toMatch(/\/v1\/teams/)
    for (const secret of ['secret-token-marker', 'BODY-MARKER', 'Acme agency'])
      expect(log).not.toContain(secret)
  })
})
