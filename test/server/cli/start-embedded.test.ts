import { existsSync, readFileSync } from 'node:fs'
import { chmod, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { portIsFree } from '../../../electron/server/database/free-port.ts'
import { postgresFlavourAvailable } from '../../support/postgres.ts'
import { runServerCommand, startServerProcess, type ServerProcess } from './server-process.ts'

const available = await postgresFlavourAvailable('embedded')

/** The embedded server's port, from the pid file PostgreSQL keeps while it runs. */
function embeddedPort(dataDir: string): number {
  return Number(readFileSync(join(dataDir, 'pgdata', 'postmaster.pid'), 'utf8').split('\n')[3])
}

describe.skipIf(!available)('twofold-server start --data DIR', () => {
  let folder: string
  let running: ServerProcess | undefined

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'twofold-server-'))
    // Under root the embedded PostgreSQL runs as postgres, which has to get through this folder.
    await chmod(folder, 0o755)
  })
  afterEach(async () => {
    await running?.stop('SIGTERM')
    running = undefined
    await rm(folder, { recursive: true, force: true })
  })

  it('serves on loopback, stops cleanly on SIGTERM with its PostgreSQL, and starts again on the same folder', async () => {
    const dataDir = join(folder, 'data')
    running = await startServerProcess(['--data', dataDir, '--listen', '127.0.0.1:0'])
    expect(running.stdout()).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+\n/)
    expect(await (await fetch(`${running.url}/v1/health`)).json()).toEqual({ ok: true })
    const postgresPort = embeddedPort(dataDir)

    expect(await running.stop('SIGTERM')).toBe(0)
    running = undefined
    expect(await portIsFree(postgresPort)).toBe(true)
    expect(existsSync(join(dataDir, 'pgdata', 'postmaster.pid'))).toBe(false)

    running = await startServerProcess(['--data', dataDir, '--listen', '127.0.0.1:0'])
    expect(await (await fetch(`${running.url}/v1/health`)).json()).toEqual({ ok: true })
    expect(await running.stop('SIGINT')).toBe(0)
    running = undefined
  })

  it('refuses a second server on a folder the first one holds, in one line, and the first keeps serving', async () => {
    const dataDir = join(folder, 'data')
    running = await startServerProcess(['--data', dataDir, '--listen', '127.0.0.1:0'])
    const second = runServerCommand(['start', '--data', dataDir, '--listen', '127.0.0.1:0'])
    expect(second.status).toBe(1)
    expect(second.stdout).toBe('')
    expect(second.stderr).toMatch(/^twofold-server: \S+ is in use by a running twofold-server \(pid \d+\)\n$/)
    expect(await (await fetch(`${running.url}/v1/health`)).json()).toEqual({ ok: true })
  })

  it('takes over the folder after a server was killed outright, stopping the PostgreSQL it left behind', async () => {
    const dataDir = join(folder, 'data')
    const killed = await startServerProcess(['--data', dataDir, '--listen', '127.0.0.1:0'])
    const orphanPort = embeddedPort(dataDir)
    await killed.stop('SIGKILL')
    expect(await portIsFree(orphanPort)).toBe(false)

    running = await startServerProcess(['--data', dataDir, '--listen', '127.0.0.1:0'])
    expect(await (await fetch(`${running.url}/v1/health`)).json()).toEqual({ ok: true })
    expect(await portIsFree(orphanPort)).toBe(true)
  })

  it('prints a setup code beside a running server on the same folder, which keeps running', async () => {
    const dataDir = join(folder, 'data')
    running = await startServerProcess(['--data', dataDir, '--listen', '127.0.0.1:0'])
    const code = runServerCommand(['setup-code', '--data', dataDir])
    expect(code.stderr).toBe('')
    expect(code.stdout).toMatch(/^[A-Z2-7]{5}(-[A-Z2-7]{5}){3}\n$/)
    expect(await (await fetch(`${running.url}/v1/health`)).json()).toEqual({ ok: true })
  })
})
