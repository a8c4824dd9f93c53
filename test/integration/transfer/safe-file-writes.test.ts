import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Backend } from '../../../electron/core/app-backend.ts'
import { AppPreferencesStore } from '../../../electron/core/preferences/app-preferences.ts'
import type { Channel } from '../../../shared/ipc/contract.ts'
import { ScriptedDesktop } from '../../harness/scripted-desktop.ts'
import { manualTimers } from '../../support/manual-timers.ts'
import { vaultWorkspace, type VaultWorkspace } from '../../support/vault-workspace.ts'

const SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'
const VICTIM = 'a file the person cares about\n'

/**
 * Every file Twofold writes — exports, backups, preferences — on a real vault through the real
 * dispatcher: never through a symbolic link, only ever readable by this user, and no crash's
 * half-written leftovers kept around.
 */
describe('files Twofold writes', () => {
  let workspace: VaultWorkspace
  let folder: VaultWorkspace['folder']
  let desktop: ScriptedDesktop
  let backend: Backend
  let victim: string

  async function call(channel: Channel, request: unknown) {
    return backend.dispatch(channel, request)
  }

  beforeEach(async () => {
    workspace = vaultWorkspace()
    folder = workspace.folder
    desktop = new ScriptedDesktop()
    ;({ backend } = await workspace.createVault('vault', {
      desktop: desktop.asDesktopPort(),
      timers: manualTimers().timers,
    }))
    backend.editing.add({
      platform: 'instagram',
      handle: 'acme.bakery',
      authenticator: { source: 'uri', uri: `otpauth://totp/Instagram:acme.bakery?secret=${SECRET}` },
    })
    victim = join(folder.home, 'victim.txt')
    writeFileSync(victim, VICTIM)
  })
  afterEach(() => workspace.dispose())

  it('refuses to export onto a symbolic link, leaving the file it points to untouched', async () => {
    desktop.saveFile = join(folder.home, 'links.txt')
    symlinkSync(victim, desktop.saveFile)
    const result = await call('export:file', { format: 'otpauth' })
    expect(result.ok ? 'written' : result.error.code).toBe('target-is-symlink')
    expect(readFileSync(victim, 'utf8')).toBe(VICTIM)
    expect(lstatSync(desktop.saveFile).isSymbolicLink()).toBe(true)
  })

  it('does not follow a link planted at the old half-written name, and overwrites a 0644 file as 0600', async () => {
    desktop.saveFile = join(folder.home, 'links.txt')
    writeFileSync(desktop.saveFile, 'an older export\n', { mode: 0o644 })
    chmodSync(desktop.saveFile, 0o644)
    symlinkSync(victim, `${desktop.saveFile}.partial`)
    const result = await call('export:file', { format: 'otpauth' })
    expect(result.ok).toBe(true)
    expect(readFileSync(victim, 'utf8')).toBe(VICTIM)
    expect(readFileSync(desktop.saveFile, 'utf8')).toContain(`secret=${SECRET}`)
    expect(statSync(desktop.saveFile).mode & 0o777).toBe(0o600)
  })

  it('clears a crash’s half-written backups from the backup folder at the next backup', async () => {
    const backups = join(folder.home, 'vault', 'backups')
    mkdirSync(backups, { recursive: true })
    const crashedEarlier = join(backups, 'twofold-backup-20250101T000000Z.json.partial')
    const crashedNow = join(
      backups,
      '.twofold-backup-1234abcd-20250101T000000Z.json.0a1b2c3d4e5f.twofold-partial',
    )
    for (const leftover of [crashedEarlier, crashedNow]) {
      writeFileSync(leftover, '{"half": ')
      utimesSync(leftover, new Date('2025-01-01'), new Date('2025-01-01'))
    }
    const written = await call('backups:now', {})
    expect(written.ok).toBe(true)
    const left = readdirSync(backups)
    expect(left).toHaveLength(1)
    expect(left[0]).toMatch(/^twofold-backup-[0-9a-f]{8}-\d{8}T\d{6}Z\.json$/)
    expect(statSync(join(backups, left[0] ?? '')).mode & 0o777).toBe(0o600)
  })

  it('writes preferences without following a link at its temporary name', () => {
    const home = join(folder.home, 'prefs')
    mkdirSync(home)
    symlinkSync(victim, join(home, 'preferences.json.tmp'))
    new AppPreferencesStore(home).update({ backupKeep: 4 })
    expect(readFileSync(victim, 'utf8')).toBe(VICTIM)
    expect(new AppPreferencesStore(home).read().backupKeep).toBe(4)
    expect(existsSync(join(home, 'preferences.json.tmp'))).toBe(false)
    expect(statSync(join(home, 'preferences.json')).mode & 0o777).toBe(0o600)
  })
})
