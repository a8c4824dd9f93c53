import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Backend } from '../../../electron/core/app-backend.ts'
import type { Channel } from '../../../shared/ipc/contract.ts'
import { ScriptedDesktop } from '../../harness/scripted-desktop.ts'
import { manualTimers } from '../../support/manual-timers.ts'
import { manualClock } from '../../support/temp-home.ts'
import { dispatchValue, vaultWorkspace, type VaultWorkspace } from '../../support/vault-workspace.ts'

const MINUTE = 60_000

/**
 * The backup folder is where main writes, prunes and restores from, so only main's own folder dialog
 * sets it; and two vaults sharing one (a synced folder) each keep and prune only their own backups.
 */
describe('the backup folder', () => {
  let workspace: VaultWorkspace
  let folder: VaultWorkspace['folder']
  let clock: ReturnType<typeof manualClock>

  async function openVault(name: string, desktop = new ScriptedDesktop()): Promise<Backend> {
    const { backend } = await workspace.createVault(name, {
      desktop: desktop.asDesktopPort(),
      now: clock.now,
      timers: manualTimers().timers,
    })
    backend.editing.add({ platform: 'instagram', handle: `${name}.account`, sms: '+14155550123' })
    return backend
  }
  const value = <C extends Channel>(backend: Backend, channel: C, request: unknown) =>
    dispatchValue(backend, channel, request)

  beforeEach(() => {
    workspace = vaultWorkspace()
    folder = workspace.folder
    clock = manualClock()
  })
  afterEach(() => workspace.dispose())

  it('cannot be pointed anywhere by the window: only main’s folder dialog sets it', async () => {
    const desktop = new ScriptedDesktop()
    const backend = await openVault('vault', desktop)
    const elsewhere = join(folder.home, 'chosen-by-a-page')
    const sent = await backend.dispatch('preferences:update', { backupFolder: elsewhere })
    expect(sent.ok ? 'accepted' : sent.error.code).toBe('invalid-request')
    expect(backend.preferences.read().backupFolder).toBeNull()
    await value(backend, 'backups:now', {})
    expect(existsSync(elsewhere)).toBe(false)

    desktop.folder = join(folder.home, 'usb-drive')
    expect((await value(backend, 'backups:choose-folder', {})).folder).toBe(desktop.folder)
    // Everything else stays the window's to change.
    await value(backend, 'preferences:update', { backupKeep: 3 })
    expect(backend.preferences.read()).toMatchObject({ backupFolder: desktop.folder, backupKeep: 3 })
  })

  it('two vaults sharing a synced folder each prune only their own, and a backup names its vault', async () => {
    const shared = join(folder.home, 'synced')
    const chooser = (desktop: ScriptedDesktop) => {
      desktop.folder = shared
      return desktop
    }
    const laptop = await openVault('laptop', chooser(new ScriptedDesktop()))
    const office = await openVault('office', chooser(new ScriptedDesktop()))
    for (const backend of [laptop, office]) {
      await value(backend, 'backups:choose-folder', {})
      await value(backend, 'preferences:update', { backupKeep: 1 })
    }
    // A backup from before backups named their vault: no one can tell whose it is.
    mkdirSync(shared, { recursive: true })
    writeFileSync(join(shared, 'twofold-backup-20250101T000000Z.json'), '{}')

    const fromLaptop = await value(laptop, 'backups:now', {})
    expect(fromLaptop.name).toMatch(/^twofold-backup-[0-9a-f]{8}-20261124T120000Z\.json$/)
    clock.advance(MINUTE)
    const fromOffice = await value(office, 'backups:now', {})
    clock.advance(MINUTE)
    const laterFromOffice = await value(office, 'backups:now', {})
    expect(fromOffice.name.slice(0, 24)).not.toBe(fromLaptop.name.slice(0, 24))

    // Office kept one of its own; the laptop's backup and the old one are untouched.
    expect(readdirSync(shared).sort()).toEqual(
      [fromLaptop.name, laterFromOffice.name, 'twofold-backup-20250101T000000Z.json'].sort(),
    )
    // The laptop's reminder counts the laptop's backups only; every backup stays listed to restore from.
    clock.advance(8 * 24 * 60 * MINUTE)
    await value(office, 'backups:now', {})
    const status = await value(laptop, 'backups:status', {})
    expect(status).toMatchObject({ reminderDue: true, daysSinceLast: 8 })
    expect(status.backups.map((backup) => backup.name)).toContain('twofold-backup-20250101T000000Z.json')
    expect(status.backups.map((backup) => backup.name)).toContain(fromLaptop.name)
  })
})
