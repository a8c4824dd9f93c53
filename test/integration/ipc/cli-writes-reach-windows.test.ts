import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BACKUP_DELAY_MS } from '../../../electron/core/transfer/auto-backup.ts'
import { manualTimers } from '../../support/manual-timers.ts'
import type { VaultChanges } from '../../../electron/core/store/journal-watch.ts'
import type { Backend } from '../../../electron/core/app-backend.ts'
import { runCli } from '../cli/run-cli.ts'
import { dispatchValue, vaultWorkspace, type VaultWorkspace } from '../../support/vault-workspace.ts'
import { join } from 'node:path'

// Issue 14: a write is a change wherever it came from. The app has the vault open; the CLI, another
// process, adds an account to the same vault. The change journal carries it to the app, which tells
// its windows (`vault:changed`), so the manager shows the account without a reload.

const PASSWORD = 'correct horse battery staple'

async function until(condition: () => boolean, what: string): Promise<void> {
  // The app notices other processes' writes on a one-second watch; this only bounds a broken one.
  for (let waited = 0; waited < 20_000; waited += 50) {
    if (condition()) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`never saw ${what}`)
}

describe('a write by the CLI while the app has the vault open', () => {
  let workspace: VaultWorkspace
  let backend: Backend
  const timers = manualTimers()
  const seen: VaultChanges[] = []

  beforeAll(async () => {
    workspace = vaultWorkspace()
    // A password vault: the CLI opens it with the password, so no keychain is shared between processes.
    ;({ backend } = await workspace.createVault('vault', { password: PASSWORD, timers: timers.timers }))
    backend.subscribe('vault:changed', (changes) => seen.push(changes))
  })
  afterAll(() => workspace.dispose())

  it('reaches the app through the journal, and the account is listed', async () => {
    const before = await dispatchValue(backend, 'accounts:list', {})
    const added = runCli(['add', '--platform', 'instagram', '--handle', 'from.the.cli', '--password-stdin'], {
      home: join(workspace.folder.home, 'vault'),
      service: 'Twofold-test-unused',
      stdin: `${PASSWORD}\n`,
    })
    // (It warns that the account has no authenticator yet: that is the CLI's answer, not a failure.)
    expect(added.status, added.stderr).toBe(0)

    await until(() => seen.some((changes) => changes.tables.includes('accounts')), 'the CLI’s change')
    const after = await dispatchValue(backend, 'accounts:list', {})
    expect(JSON.stringify(after)).toContain('from.the.cli')
    expect(JSON.stringify(before)).not.toContain('from.the.cli')
    // The event names what changed, never a value.
    expect(JSON.stringify(seen)).not.toContain('from.the.cli')
  })

  it("schedules the app's automatic backup, which is written when it falls due", async () => {
    // Automatic backups are on by default; the first test's write has already been heard of.
    timers.advance(BACKUP_DELAY_MS)
    const folder = backend.autoBackup.folder()
    const before = backend.backups.list(folder).length
    expect(before).toBeGreaterThan(0)
    const added = runCli(['add', '--platform', 'tiktok', '--handle', 'second.from.cli', '--password-stdin'], {
      home: join(workspace.folder.home, 'vault'),
      service: 'Twofold-test-unused',
      stdin: `${PASSWORD}\n`,
    })
    expect(added.status, added.stderr).toBe(0)
    await until(() => timers.pendingCount > 0, 'the automatic backup scheduled')
    timers.advance(BACKUP_DELAY_MS)
    expect(backend.backups.list(folder)).toHaveLength(before + 1)
  })

  it("reports the app's own writes too, naming what changed", async () => {
    const count = seen.length
    await dispatchValue(backend, 'settings:update', { lowBackupCodeThreshold: 4 })
    await until(() => seen.length > count, 'the app’s own change')
    expect(seen.at(-1)?.tables).toEqual(['settings'])
  })
})
