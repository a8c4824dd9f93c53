import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  autostartFile,
  linuxAutostartEnabled,
  setLinuxAutostart,
} from '../../../electron/core/desktop/linux-autostart.ts'
import { isTwofoldError } from '../../../electron/core/errors.ts'
import { AppPreferencesStore } from '../../../electron/core/preferences/app-preferences.ts'
import { defaultAppPreferences } from '../../../shared/domain/preferences.ts'
import { tempHome } from '../../support/temp-home.ts'

describe('app preferences on this computer', () => {
  let folder: ReturnType<typeof tempHome>
  beforeEach(() => (folder = tempHome()))
  afterEach(() => folder.remove())

  it('start from the defaults: Ctrl/Cmd+Shift+2, clear after 30 s, lock after 5 min idle, hidden from capture', () => {
    expect(new AppPreferencesStore(folder.home).read()).toEqual({
      hotkey: 'CommandOrControl+Shift+2',
      clipboardClearSeconds: 30,
      idleLockMinutes: 5,
      lockOnSuspend: true,
      lockOnScreenLock: true,
      launchAtLogin: false,
      contentProtection: true,
      autoBackup: true,
      backupFolder: null,
      backupKeep: 10,
      inboxNotifications: true,
    })
  })

  it('keep a change across restarts, in a file only this user can read', () => {
    new AppPreferencesStore(folder.home).update({ clipboardClearSeconds: 0, hotkey: 'Alt+Shift+T' })
    expect(new AppPreferencesStore(folder.home).read()).toMatchObject({
      clipboardClearSeconds: 0,
      hotkey: 'Alt+Shift+T',
    })
    expect(statSync(join(folder.home, 'preferences.json')).mode & 0o077).toBe(0)
  })

  it('refuse a value out of range and change nothing', () => {
    const store = new AppPreferencesStore(folder.home)
    try {
      store.update({ idleLockMinutes: -1 })
      throw new Error('expected a refusal')
    } catch (error) {
      expect(isTwofoldError(error, 'invalid-request')).toBe(true)
    }
    expect(store.read()).toEqual(defaultAppPreferences)
  })

  it('survive a damaged or hand-edited file, keeping every value that is still good', () => {
    const file = join(folder.home, 'preferences.json')
    writeFileSync(file, '{"idleLockMinutes": 15, "clipboardClearSeconds": "soon", "unknown": 1}')
    expect(new AppPreferencesStore(folder.home).read()).toEqual({
      ...defaultAppPreferences,
      idleLockMinutes: 15,
    })
    writeFileSync(file, '{ not json')
    expect(new AppPreferencesStore(folder.home).read()).toEqual(defaultAppPreferences)
  })
})

describe('launch at login on Linux', () => {
  let folder: ReturnType<typeof tempHome>
  beforeEach(() => (folder = tempHome()))
  afterEach(() => folder.remove())

  it('writes an XDG autostart entry that starts Twofold hidden in the tray, and removes it', () => {
    const file = autostartFile({ XDG_CONFIG_HOME: folder.home }, '/home/nobody')
    expect(file).toBe(join(folder.home, 'autostart', 'twofold.desktop'))
    setLinuxAutostart(true, '/opt/Twofold App/twofold', file)
    const entry = readFileSync(file, 'utf8')
    expect(entry).toMatch(/^\[Desktop Entry\]\nType=Application\nName=Twofold\n/)
    expect(entry).toContain('Exec="/opt/Twofold App/twofold" --hidden')
    expect(linuxAutostartEnabled(file)).toBe(true)
    setLinuxAutostart(false, '/opt/Twofold App/twofold', file)
    expect(linuxAutostartEnabled(file)).toBe(false)
  })
})
