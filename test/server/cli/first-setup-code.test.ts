import { randomUUID } from 'node:crypto'
import { afterEach, expect, it, vi } from 'vitest'
import { describeOnEachPostgres, freshDatabase } from '../../support/postgres.ts'
import { createBody, TestDevice } from '../api/team-harness.ts'
import { startServerProcess, type ServerProcess } from './server-process.ts'

// The README's two steps: `twofold-server start` prints, until a team exists, the setup code that
// creates it; the person pastes it in Settings → Team. Once a team exists a start prints no code.

let running: ServerProcess | undefined
afterEach(async () => {
  await running?.stop('SIGTERM')
  running = undefined
})

const SETUP_LINE = /^setup code (\S+) creates your team once: in Twofold, Settings → Team → Create a team$/m

async function printedSetupCode(server: ServerProcess): Promise<string> {
  await vi.waitFor(() => expect(server.stdout()).toMatch(SETUP_LINE), { timeout: 10_000 })
  return SETUP_LINE.exec(server.stdout())?.[1] ?? ''
}

await describeOnEachPostgres('twofold-server start on a database with no team yet', (postgres) => {
  it('prints the code that creates the first team, a new one at each start until then, and none after', async () => {
    const url = await freshDatabase(postgres.url)
    running = await startServerProcess(['--database-url', url, '--listen', '127.0.0.1:0'])
    const first = await printedSetupCode(running)
    await running.stop('SIGTERM')

    running = await startServerProcess(['--database-url', url, '--listen', '127.0.0.1:0'])
    const second = await printedSetupCode(running)
    expect(second).not.toBe(first)
    const create = (code: string) =>
      fetch(`${running?.url}/v1/teams`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(createBody(new TestDevice(randomUUID(), randomUUID(), 'owner'), code)),
      })
    // The earlier start's code stopped working when this start printed its own.
    expect((await create(first)).status).toBe(403)
    expect((await create(second)).status).toBe(200)
    await running.stop('SIGTERM')

    running = await startServerProcess(['--database-url', url, '--listen', '127.0.0.1:0'])
    expect(running.stdout()).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+\n$/)
    // Give a code line the time it would take to appear; none may.
    expect((await fetch(`${running.url}/v1/health`)).status).toBe(200)
    expect(running.stdout()).not.toMatch(/setup code/)
  })
})
