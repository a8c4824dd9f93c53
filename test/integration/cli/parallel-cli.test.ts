import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { tempHome } from '../../support/temp-home.ts'
import { runCli, type CliResult } from './run-cli.ts'

// Scripts that run `twofold` in parallel against one vault: each waits its turn for the vault and
// for the unlock, and none is told of failed attempts that were never made or loses its write. A
// password vault, so no keychain is needed: the password reaches each process on stdin.

const PASSWORD = 'a long vault password'
const sourceEntry = resolve(import.meta.dirname, '../../../electron/cli/twofold.ts')
const holder = resolve(import.meta.dirname, 'hold-vault-write-lock.ts')

/** A vault folder and a keychain service name no keychain holds items of (the vault has a password). */
interface Workspace {
  home: string
  service: string
  cli: (args: readonly string[], stdin?: string) => CliResult
  dispose: () => void
}

function workspaceWithPassword(): Workspace {
  const folder = tempHome()
  const home = join(folder.home, 'vault')
  const service = `Twofold-test-${randomBytes(6).toString('hex')}`
  const workspace = {
    home,
    service,
    cli: (args: readonly string[], stdin?: string) =>
      runCli(args, { home, service, ...(stdin === undefined ? {} : { stdin }) }),
    dispose: () => folder.remove(),
  }
  expect(workspace.cli(['--password-stdin', 'init'], `${PASSWORD}\n`).status).toBe(0)
  return workspace
}

/** One CLI process, started now and not awaited: parallel runs are the point. */
function startCli(workspace: Workspace, args: readonly string[], stdin = ''): Promise<CliResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [sourceEntry, '--vault', workspace.home, ...args], {
      env: { ...process.env, TWOFOLD_KEYCHAIN_SERVICE: workspace.service, NODE_NO_WARNINGS: '1' },
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    child.on('error', fail)
    child.on('close', (status) => done({ status, stdout, stderr }))
    child.stdin.end(stdin)
  })
}

function addArgs(handle: string): string[] {
  return [
    '--password-stdin',
    'add',
    '--platform',
    'instagram',
    '--handle',
    handle,
    '--client',
    'Acme',
    '--secret-stdin',
  ]
}

/** Secrets that differ, so no process warns about a shared secret. */
const secretOf = (i: number) => `JBSWY3DPEHPK3PX${'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'[i]}`

describe('twofold CLI processes running in parallel on one vault', () => {
  let workspace: Workspace
  const handles = (): string[] => {
    const listed = workspace.cli(['--password-stdin', 'list', '--json'], `${PASSWORD}\n`)
    expect(listed.stderr).toBe('')
    return (JSON.parse(listed.stdout) as { handle: string }[]).map((account) => account.handle).sort()
  }

  beforeEach(() => {
    workspace = workspaceWithPassword()
  })
  afterEach(() => workspace.dispose())

  it('unlocks every one of eight started together with the right password and keeps every write', async () => {
    const wanted = Array.from({ length: 8 }, (_, i) => `parallel.${i}`)
    const results = await Promise.all(
      wanted.map((handle, i) => startCli(workspace, addArgs(handle), `${PASSWORD}\n${secretOf(i)}\n`)),
    )
    for (const result of results) {
      expect(result.stderr).toBe('')
      expect(result.status).toBe(0)
    }
    expect(handles()).toEqual(wanted)
  }, 120_000)

  it('still counts wrong passwords sent in parallel: the right one after them is told to wait', async () => {
    const wrong = await Promise.all(
      Array.from({ length: 7 }, (_, i) => startCli(workspace, ['--password-stdin', 'list'], `guess ${i}\n`)),
    )
    for (const result of wrong) expect(result.status).toBe(1)
    expect(wrong.filter((result) => /password is wrong/.test(result.stderr)).length).toBeLessThanOrEqual(5)
    const right = workspace.cli(['--password-stdin', 'list'], `${PASSWORD}\n`)
    expect(right.status).toBe(1)
    expect(right.stderr).toMatch(/^twofold: Too many failed attempts\. Try again in \d+ s\.\n$/)
  }, 120_000)

  it('waits for a write another process holds for twenty seconds, then saves', async () => {
    const held = spawn(process.execPath, [holder, join(workspace.home, 'vault.sqlite3'), '20000'], {
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
    })
    const holding = new Promise<void>((done, fail) => {
      held.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        if (chunk.includes('holding')) done()
      })
      held.on('error', fail)
      held.on('close', () => fail(new Error('the holder ended before it held the lock')))
    })
    const released = new Promise((done) => held.on('close', done))
    await holding
    const result = await startCli(workspace, addArgs('patient'), `${PASSWORD}\n${secretOf(0)}\n`)
    await released
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
    expect(handles()).toEqual(['patient'])
  }, 120_000)
})
