import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { describeOnEachPostgres, freshDatabase } from '../../support/postgres.ts'
import { startServerProcess, type ServerProcess } from './server-process.ts'

/** `npm run build` writes the bundle that `npx twofold-server` runs; `npm test` builds before it tests. */
const built = resolve(import.meta.dirname, '../../../out/server/twofold-server.mjs')
const present = existsSync(built)
if (!present) {
  if (process.env.CI === 'true')
    throw new Error(`CI=true but ${built} is missing: npm test builds before testing`)
  console.warn('skipping built twofold-server checks: run npm run build first')
}

describe.skipIf(!present)('the built twofold-server command', () => {
  it('is an executable script with a shebang that answers --help', () => {
    expect(readFileSync(built, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true)
    expect(statSync(built).mode & 0o111).not.toBe(0)
    const help = execFileSync(built, ['--help'], {
      encoding: 'utf8',
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
    })
    expect(help).toMatch(/Usage: twofold-server/)
    expect(help).toMatch(/setup-code/)
  })
})

if (present) {
  let running: ServerProcess | undefined
  afterEach(async () => {
    await running?.stop()
    running = undefined
  })

  // The migrations travel inside the bundle: a fresh database gets its schema from it alone.
  await describeOnEachPostgres('the built twofold-server against a fresh database', (postgres) => {
    it('migrates it and answers health', async () => {
      const url = await freshDatabase(postgres.url)
      running = await startServerProcess(['--database-url', url, '--listen', '127.0.0.1:0'], { entry: built })
      expect(await (await fetch(`${running.url}/v1/health`)).json()).toEqual({ ok: true })
      expect(await running.stop()).toBe(0)
      running = undefined
    })
  })
}
