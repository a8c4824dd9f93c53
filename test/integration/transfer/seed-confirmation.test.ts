import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Backend } from '../../../electron/core/app-backend.ts'
import { readImport } from '../../../electron/core/importers/read-import.ts'
import type { Channel } from '../../../shared/ipc/contract.ts'
import { ScriptedDesktop } from '../../harness/scripted-desktop.ts'
import { manualTimers } from '../../support/manual-timers.ts'
import { manualClock } from '../../support/temp-home.ts'
import {
  dispatchErrorCode,
  dispatchValue,
  vaultWorkspace,
  type VaultWorkspace,
} from '../../support/vault-workspace.ts'

const VAULT_PASSWORD = 'a long vault password'
const SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'

/**
 * Every way a seed leaves the vault — a QR code, the backup-code set, an export file — through the real
 * dispatcher on a real vault, with only main's native confirmation scripted: the window can ask, and
 * only the person's answer in main (plus the vault password, when there is one) lets a secret out.
 */
describe('secrets leave only after the person says yes in main', () => {
  let workspace: VaultWorkspace
  let folder: VaultWorkspace['folder']
  let desktop: ScriptedDesktop
  let backend: Backend
  let accountId: string

  const value = <C extends Channel>(channel: C, request: unknown) => dispatchValue(backend, channel, request)
  const errorCode = (channel: Channel, request: unknown) => dispatchErrorCode(backend, channel, request)
  async function exportsAudited(): Promise<number> {
    return (await value('audit:list', {})).entries.filter((entry) => entry.action === 'export').length
  }
  const confirmations = () => desktop.shown.filter((shown) => shown.dialog === 'confirm')

  async function openVault(password?: string): Promise<void> {
    ;({ backend } = await workspace.createVault('vault', {
      desktop: desktop.asDesktopPort(),
      now: manualClock().now,
      timers: manualTimers().timers,
      ...(password === undefined ? {} : { password }),
    }))
    accountId = backend.editing.add({
      platform: 'instagram',
      handle: 'acme.bakery',
      authenticator: {
        source: 'uri',
        uri: `otpauth://totp/Instagram:acme.bakery?secret=${SECRET}&issuer=Instagram`,
      },
    }).account.id
    backend.backupCodes.setBackupCodes(accountId, '1111 2222\n3333 4444')
  }

  beforeEach(() => {
    workspace = vaultWorkspace()
    folder = workspace.folder
    desktop = new ScriptedDesktop()
  })
  afterEach(() => workspace.dispose())

  it('refuses a page that sends its own "confirmed": the window can ask, never answer', async () => {
    await openVault()
    desktop.saveFile = join(folder.home, 'links.txt')
    expect(await errorCode('export:qr', { accountId, confirm: true })).toBe('invalid-request')
    expect(await errorCode('backup-codes:reveal', { accountId, confirm: true })).toBe('invalid-request')
    expect(await errorCode('export:file', { format: 'otpauth', confirmPlaintext: true })).toBe(
      'invalid-request',
    )
    expect(existsSync(desktop.saveFile)).toBe(false)
    expect(await exportsAudited()).toBe(0)
  })

  it('keychain-only vault: "no" in main’s dialog lets nothing out, and the dialog named what would', async () => {
    await openVault()
    desktop.confirmAnswer = false
    desktop.saveFile = join(folder.home, 'links.txt')

    expect(await errorCode('export:qr', { accountId })).toBe('confirmation-refused')
    expect(confirmations().at(-1)?.detail).toBe('Show the QR code of acme.bakery (Instagram)?')
    expect(await errorCode('backup-codes:reveal', { accountId })).toBe('confirmation-refused')
    expect(confirmations().at(-1)?.detail).toBe('Show all 2 backup codes of acme.bakery (Instagram)?')
    expect(await errorCode('export:file', { format: 'otpauth' })).toBe('confirmation-refused')
    expect(confirmations().at(-1)?.detail).toBe('Export 1 authenticator key as PLAIN TEXT to links.txt?')
    expect(await errorCode('export:file', { format: 'aegis', password: 'export password 1' })).toBe(
      'confirmation-refused',
    )
    expect(existsSync(desktop.saveFile)).toBe(false)
    expect(await exportsAudited()).toBe(0)
    expect((await value('audit:list', {})).entries.some((e) => e.action === 'backup-codes.revealed')).toBe(
      false,
    )

    desktop.confirmAnswer = true
    const qr = await value('export:qr', { accountId })
    expect(qr).toMatchObject({ issuer: 'Instagram', accountName: 'acme.bakery' })
    const codes = await value('backup-codes:reveal', { accountId })
    expect(codes.codes.map((entry) => entry.code)).toEqual(['11112222', '33334444'])
    expect(await value('export:file', { format: 'otpauth' })).toEqual({
      saved: { file: desktop.saveFile, exported: 1 },
    })
    expect(readFileSync(desktop.saveFile, 'utf8')).toContain(`secret=${SECRET}`)
  })

  it('password vault: every export carrying seeds needs the vault password, then main’s yes', async () => {
    await openVault(VAULT_PASSWORD)
    const links = join(folder.home, 'links.txt')
    const aegis = join(folder.home, 'codes.json')

    // Plain text and Aegis alike: the export password is chosen by whoever holds the page.
    desktop.saveFile = links
    expect(await errorCode('export:file', { format: 'otpauth' })).toBe('wrong-password')
    expect(await errorCode('export:file', { format: 'otpauth', vaultPassword: 'not the password' })).toBe(
      'wrong-password',
    )
    desktop.saveFile = aegis
    expect(await errorCode('export:file', { format: 'aegis', password: 'export password 1' })).toBe(
      'wrong-password',
    )
    // A wrong password opens no dialog at all.
    expect(desktop.shown).toEqual([])
    expect(existsSync(links) || existsSync(aegis)).toBe(false)

    desktop.confirmAnswer = false
    const withPassword = { format: 'aegis', password: 'export password 1', vaultPassword: VAULT_PASSWORD }
    expect(await errorCode('export:file', withPassword)).toBe('confirmation-refused')
    expect(await errorCode('export:qr', { accountId, password: VAULT_PASSWORD })).toBe('confirmation-refused')
    expect(existsSync(aegis)).toBe(false)
    expect(await exportsAudited()).toBe(0)

    desktop.confirmAnswer = true
    expect(await value('export:file', withPassword)).toEqual({ saved: { file: aegis, exported: 1 } })
    expect(confirmations().at(-1)?.detail).toBe(
      'Export 1 authenticator key to codes.json, encrypted with the export password typed in the window?',
    )
    const back = await readImport(readFileSync(aegis), { password: 'export password 1' })
    expect(back.entries.map((entry) => entry.accountName)).toEqual(['acme.bakery'])
    desktop.saveFile = links
    await value('export:file', { format: 'otpauth', vaultPassword: VAULT_PASSWORD })
    expect(readFileSync(links, 'utf8')).toContain(`secret=${SECRET}`)
    expect(await exportsAudited()).toBe(2)
  })
})
