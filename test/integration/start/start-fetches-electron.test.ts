import { spawn } from 'node:child_process'
import { createServer, type Server } from 'node:http'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

/**
 * A new user's first `npm start` on a machine that cannot reach Electron's download host. A local
 * mirror that answers every request with 503 stands in for the unreachable host, so the test is the
 * same offline and online and can see that the download was really attempted.
 */
describe('npm start on a machine without Electronʼs binary', () => {
  let mirror: Server
  let mirrorUrl: string
  const requested: string[] = []
  const scratch = mkdtempSync(join(tmpdir(), 'twofold-start-'))

  beforeAll(async () => {
    mirror = createServer((request, response) => {
      requested.push(request.url ?? '')
      response.writeHead(503).end('mirror unavailable')
    })
    await new Promise<void>((resolve) => mirror.listen(0, '127.0.0.1', resolve))
    const address = mirror.address()
    if (address === null || typeof address === 'string') throw new Error('mirror has no port')
    mirrorUrl = `http://127.0.0.1:${address.port}/`
  })

  afterAll(async () => {
    await new Promise((resolve) => mirror.close(resolve))
    rmSync(scratch, { recursive: true, force: true })
  })

  it('tries to download the binary first and explains the failure in one line', async () => {
    // --skipBuild keeps the test from building the app; the binary must be fetched before either.
    const run = await runNpm(['start', '--', '--skipBuild'], {
      ELECTRON_MIRROR: mirrorUrl,
      // An empty download cache, and a dist path that does not exist: the package must look
      // uninstalled even where a developer has already downloaded Electron.
      electron_config_cache: join(scratch, 'cache'),
      ELECTRON_OVERRIDE_DIST_PATH: join(scratch, 'no-electron-here'),
    })

    expect(requested.some((url) => /electron-v[\d.]+-[a-z0-9]+-[a-z0-9]+\.zip$/.test(url))).toBe(true)
    expect(run.status).not.toBe(0)
    expect(run.output).not.toContain('Electron uninstall')
    const explanations = run.output
      .split('\n')
      .filter((line) => line.startsWith('Twofold could not download'))
    expect(explanations).toHaveLength(1)
    expect(explanations[0]).toContain('503')
    expect(explanations[0]).toContain('ELECTRON_MIRROR')
  })
})

function runNpm(
  args: string[],
  env: Record<string, string>,
): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', args, { cwd: process.cwd(), env: { ...process.env, ...env } })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('error', reject)
    child.on('close', (status) => resolve({ status, output }))
  })
}
