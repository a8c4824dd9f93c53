import { encode as encodeJpeg } from 'jpeg-js'
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { PNG } from 'pngjs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Backend } from '../../../electron/core/app-backend.ts'
import { encodeBase32Secret } from '../../../electron/core/engine/secret-text.ts'
import { readImport } from '../../../electron/core/importers/read-import.ts'
import { exportAegisWithPassword } from '../../../electron/core/transfer/aegis-vault-writer.ts'
import { exportAuditDetail } from '../../../electron/core/transfer/export-file.ts'
import type { Channel } from '../../../shared/ipc/contract.ts'
import { ScriptedDesktop } from '../../harness/scripted-desktop.ts'
import { manualTimers } from '../../support/manual-timers.ts'
import { manualClock } from '../../support/temp-home.ts'
import {
  dispatch,
  dispatchErrorCode,
  dispatchValue,
  vaultWorkspace,
  type VaultWorkspace,
} from '../../support/vault-workspace.ts'
import { qrPng } from '../../unit/importers/export-builders.ts'

const VAULT_PASSWORD = 'a long vault password'
const EXISTING = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'
const DAY = 24 * 60 * 60_000

/**
 * The import, export and backup channels as the manager window uses them: through the backend's one
 * dispatcher, on a real vault file, with the OS dialogs, the clipboard image and the screen scripted.
 */
describe('import, export and backup channels', () => {
  let workspace: VaultWorkspace
  let folder: VaultWorkspace['folder']
  let clock: ReturnType<typeof manualClock>
  let desktop: ScriptedDesktop
  let backend: Backend
  let recoveryKey: string

  const call = <C extends Channel>(channel: C, request: unknown) => dispatch(backend, channel, request)
  const value = <C extends Channel>(channel: C, request: unknown) => dispatchValue(backend, channel, request)
  const errorCode = (channel: Channel, request: unknown) => dispatchErrorCode(backend, channel, request)
  function file(name: string, content: string | Uint8Array): string {
    const path = join(folder.home, name)
    writeFileSync(path, content)
    return path
  }
  const lastSaveDialog = () => desktop.shown.filter((shown) => shown.dialog === 'save').at(-1)?.detail
  async function handles(): Promise<string[]> {
    return (await value('accounts:list', {})).accounts.map((account) => account.handle).sort()
  }

  beforeEach(async () => {
    workspace = vaultWorkspace()
    folder = workspace.folder
    clock = manualClock()
    desktop = new ScriptedDesktop()
    ;({ backend, recoveryKey } = await workspace.createVault('vault', {
      desktop: desktop.asDesktopPort(),
      now: clock.now,
      timers: manualTimers().timers,
      password: VAULT_PASSWORD,
    }))
    backend.editing.add({
      platform: 'instagram',
      handle: 'acme.bakery',
      clientName: 'Acme Bakery',
      authenticator: {
        source: 'uri',
        uri: `otpauth://totp/Instagram:acme.bakery?secret=${EXISTING}&issuer=Instagram`,
      },
    })
  })
  afterEach(() => workspace.dispose())

  it('imports a chosen file: duplicates and unreadable lines shown, only the ticked entries written', async () => {
    desktop.openFile = file(
      'codes.txt',
      [
        'otpauth://totp/Instagram:nordic.outdoors?secret=JBSWY3DPEHPK3PXP&issuer=Instagram',
        `otpauth://totp/Instagram:old.copy?secret=${EXISTING}&issuer=Instagram`,
        'otpauth://totp/TikTok:bakery.eats?secret=KRSXG5CTMVRXEZLU&issuer=TikTok',
        'otpauth://totp/Broken?secret=not base32!',
      ].join('\n'),
    )
    const chosen = await value('import:choose-file', { purpose: 'import' })
    expect(chosen.file).toMatchObject({ name: 'codes.txt' })
    expect(desktop.shown).toEqual([{ dialog: 'open', detail: 'import' }])

    const preview = await value('import:preview', { source: { kind: 'file', fileId: chosen.file?.fileId } })
    expect(preview.format).toBe('otpauth-list')
    expect(preview.sourceName).toBe('codes.txt')
    expect(preview.items.map((item) => [item.accountName, item.platform, item.status])).toEqual([
      ['nordic.outdoors', 'instagram', 'new'],
      ['old.copy', 'instagram', 'duplicate'],
      ['bakery.eats', 'tiktok', 'new'],
    ])
    expect(preview.items[1]?.duplicateOf).toMatchObject({
      handle: 'acme.bakery',
      reason: 'same secret',
      inVault: true,
    })
    expect(preview.failed).toHaveLength(1)
    expect(preview.failed[0]?.reason).toMatch(/secret|Base32/i)
    // Nothing is written by looking.
    expect(await handles()).toEqual(['acme.bakery'])

    const result = await value('import:commit', { importId: preview.importId, positions: [1] })
    expect(result).toEqual({ imported: 1, duplicates: 1, failed: 1 })
    expect(await handles()).toEqual(['acme.bakery', 'nordic.outdoors'])
    // The preview is gone once used: a second click cannot write the entries twice.
    expect(await errorCode('import:commit', { importId: preview.importId, positions: [3] })).toBe(
      'import-expired',
    )
    // …and the chosen file, secrets and all, is no longer held in memory.
    expect(await errorCode('import:preview', { source: { kind: 'file', fileId: chosen.file?.fileId } })).toBe(
      'import-expired',
    )
  })

  it('asks for an encrypted file’s password, keeps the file across a wrong one, and imports with the right one', async () => {
    const exported = await exportAegisWithPassword(
      [
        {
          issuer: 'Facebook',
          accountName: 'acme.page',
          secret: Buffer.from('0123456789abcdef0123'),
          params: { type: 'totp', algorithm: 'SHA1', digits: 6, period: 30 },
        },
      ],
      'the file password',
    )
    desktop.openFile = file('aegis-export.json', exported)
    const { file: chosen } = await value('import:choose-file', { purpose: 'import' })
    const source = { kind: 'file', fileId: chosen?.fileId }
    expect(await errorCode('import:preview', { source })).toBe('import-password-required')
    expect(await errorCode('import:preview', { source, password: 'wrong password' })).toBe(
      'import-wrong-password',
    )
    const first = await value('import:preview', { source, password: 'the file password' })
    // Going back to read it another way keeps the file; leaving forgets it.
    await value('import:discard', { importId: first.importId, keepFile: true })
    const preview = await value('import:preview', { source, password: 'the file password' })
    expect(preview.items.map((item) => [item.issuer, item.accountName, item.platform])).toEqual([
      ['Facebook', 'acme.page', 'facebook'],
    ])
    await value('import:commit', { importId: preview.importId, positions: [1] })
    expect(await handles()).toEqual(['acme.bakery', 'acme.page'])
  })

  it('reads pasted text, and says when the dialog was cancelled', async () => {
    desktop.openFile = null
    expect(await value('import:choose-file', { purpose: 'import' })).toEqual({ file: null })
    const preview = await value('import:preview', {
      source: { kind: 'text', text: 'otpauth://totp/X:pasted?secret=JBSWY3DPEHPK3PXP&issuer=X\n' },
    })
    expect(preview.sourceName).toBe('Pasted text')
    expect(preview.items).toHaveLength(1)
  })

  it('scans the clipboard’s image (JPEG too) and every display for QR codes, and says when there is none', async () => {
    const uri = 'otpauth://totp/Instagram:from.qr?secret=JBSWY3DPEHPK3PXP&issuer=Instagram'
    const png = qrPng([uri])
    const decoded = PNG.sync.read(png)
    desktop.clipboardImage = encodeJpeg(
      { data: decoded.data, width: decoded.width, height: decoded.height },
      85,
    ).data
    const fromClipboard = await value('import:preview', { source: { kind: 'clipboard-image' } })
    expect(fromClipboard.items.map((item) => item.accountName)).toEqual(['from.qr'])

    desktop.clipboardImage = null
    expect(await errorCode('import:preview', { source: { kind: 'clipboard-image' } })).toBe(
      'import-no-qr-code',
    )

    const blank = new PNG({ width: 200, height: 100 })
    blank.data.fill(255)
    desktop.screens = [PNG.sync.write(blank), png]
    const fromScreen = await value('import:preview', { source: { kind: 'screen' } })
    expect(fromScreen.sourceName).toBe('Screen')
    expect(fromScreen.items.map((item) => item.accountName)).toEqual(['from.qr'])

    desktop.screens = [PNG.sync.write(blank)]
    const nothing = await call('import:preview', { source: { kind: 'screen' } })
    expect(nothing.ok ? null : nothing.error).toMatchObject({
      code: 'import-no-qr-code',
      message: expect.stringContaining('No QR code was found on the screen') as unknown,
    })
  })

  it('drops open previews and chosen files when the vault locks', async () => {
    desktop.openFile = file('codes.txt', 'otpauth://totp/X:a?secret=JBSWY3DPEHPK3PXP&issuer=X\n')
    const { file: chosen } = await value('import:choose-file', { purpose: 'import' })
    const preview = await value('import:preview', { source: { kind: 'file', fileId: chosen?.fileId } })
    await value('vault:lock', {})
    await value('vault:unlock', { method: 'password', password: VAULT_PASSWORD })
    expect(await errorCode('import:commit', { importId: preview.importId, positions: [1] })).toBe(
      'import-expired',
    )
    expect(await errorCode('import:preview', { source: { kind: 'file', fileId: chosen?.fileId } })).toBe(
      'import-expired',
    )
    expect(await handles()).toEqual(['acme.bakery'])
  })

  it('exports an encrypted Aegis file where the person chose, that opens with its password only', async () => {
    backend.editing.add({
      platform: 'tiktok',
      handle: 'nordic.outdoors',
      clientName: 'Nordic Outdoors',
      authenticator: {
        source: 'uri',
        uri: 'otpauth://totp/TikTok:nordic.outdoors?secret=JBSWY3DPEHPK3PXP&issuer=TikTok',
      },
    })
    desktop.saveFile = join(folder.home, 'export.json')
    const saved = await value('export:file', {
      format: 'aegis',
      password: 'export password 1',
      vaultPassword: VAULT_PASSWORD,
    })
    expect(saved.saved).toEqual({ file: desktop.saveFile, exported: 2 })
    expect(lastSaveDialog()).toBe('twofold-aegis-2026-11-24.json')
    expect(statSync(desktop.saveFile).mode & 0o777).toBe(0o600)
    const content = readFileSync(desktop.saveFile)
    expect(content.toString()).not.toContain(EXISTING)
    const read = await readImport(content, { password: 'export password 1' })
    expect(
      read.entries.map((entry) => [
        entry.accountName,
        entry.group,
        encodeBase32Secret(entry.secret ?? new Uint8Array()),
      ]),
    ).toEqual([
      ['acme.bakery', 'Acme Bakery', EXISTING],
      ['nordic.outdoors', 'Nordic Outdoors', 'JBSWY3DPEHPK3PXP'],
    ])

    // One client's accounts only, for handing that client their codes.
    const nordic = (await value('clients:list', {})).clients.find(
      (client) => client.name === 'Nordic Outdoors',
    )
    desktop.saveFile = join(folder.home, 'nordic.json')
    await value('export:file', {
      format: 'aegis',
      clientId: nordic?.id,
      password: 'client password 1',
      vaultPassword: VAULT_PASSWORD,
    })
    expect(lastSaveDialog()).toBe('twofold-nordic-outdoors-aegis-2026-11-24.json')
    const client = await readImport(readFileSync(desktop.saveFile), { password: 'client password 1' })
    expect(client.entries.map((entry) => entry.accountName)).toEqual(['nordic.outdoors'])

    expect(
      await errorCode('export:file', { format: 'aegis', password: 'short', vaultPassword: VAULT_PASSWORD }),
    ).toBe('invalid-request')
    // Ten UTF-16 units, five characters: the export password rule counts characters, as the CLI's does.
    expect(
      await errorCode('export:file', {
        format: 'aegis',
        password: '🔑🔑🔑🔑🔑',
        vaultPassword: VAULT_PASSWORD,
      }),
    ).toBe('invalid-request')
  })

  it('writes plain otpauth links only after the vault password, and nothing when the save dialog is cancelled', async () => {
    desktop.saveFile = join(folder.home, 'links.txt')
    expect(await errorCode('export:file', { format: 'otpauth' })).toBe('wrong-password')
    expect(existsSync(desktop.saveFile)).toBe(false)
    await value('export:file', { format: 'otpauth', vaultPassword: VAULT_PASSWORD })
    expect(readFileSync(desktop.saveFile, 'utf8')).toContain(`secret=${EXISTING}`)
    const written = desktop.saveFile

    desktop.saveFile = null
    expect(await value('export:file', { format: 'otpauth', vaultPassword: VAULT_PASSWORD })).toEqual({
      saved: null,
    })
    const audit = (await value('audit:list', {})).entries.filter((entry) => entry.action === 'export')
    expect(audit).toHaveLength(1)
    // The words the CLI's export writes too (test/integration/cli/cli-secrets-and-files.test.ts).
    expect(audit[0]?.detail).toBe(exportAuditDetail('otpauth', 1, null, written))
    expect(audit[0]?.detail).toBe('plain otpauth export of 1 accounts to links.txt')
  })

  it('shows one account’s QR code for a phone only after the vault password, and audits it', async () => {
    const [account] = (await value('accounts:list', {})).accounts
    const request = { accountId: account?.id }
    expect(await errorCode('export:qr', request)).toBe('wrong-password')
    expect(await errorCode('export:qr', { ...request, password: 'not it' })).toBe('wrong-password')
    const qr = await value('export:qr', { ...request, password: VAULT_PASSWORD })
    expect(qr).toMatchObject({ issuer: 'Instagram', accountName: 'acme.bakery' })
    // What a phone scanning the picture gets: the same key.
    const png = Buffer.from(qr.secretQrPng.replace(/^data:image\/png;base64,/, ''), 'base64')
    const scanned = await readImport(png)
    expect(encodeBase32Secret(scanned.entries[0]?.secret ?? new Uint8Array())).toBe(EXISTING)
    const audit = (await value('audit:list', { accountId: account?.id })).entries
    expect(audit.some((entry) => entry.action === 'export' && /QR code/.test(entry.detail ?? ''))).toBe(true)
  })

  it('reminds after 7 days without a backup, backs up now, and restores a listed backup into a new vault', async () => {
    const first = await value('backups:status', {})
    expect(first).toMatchObject({
      backups: [],
      reminderDue: true,
      daysSinceLast: null,
      keep: 10,
      automatic: true,
    })
    const written = await value('backups:now', {})
    expect(written.name).toMatch(/^twofold-backup-[0-9a-f]{8}-20261124T120000Z\.json$/)
    expect(await value('backups:status', {})).toMatchObject({ reminderDue: false, daysSinceLast: 0 })
    clock.advance(8 * DAY)
    expect(await value('backups:status', {})).toMatchObject({ reminderDue: true, daysSinceLast: 8 })

    desktop.folder = join(folder.home, 'elsewhere')
    const moved = await value('backups:choose-folder', {})
    expect(moved.folder).toBe(desktop.folder)
    expect(moved.backups).toEqual([])
    desktop.folder = null
    expect((await value('backups:choose-folder', {})).folder).toBe(join(folder.home, 'elsewhere'))

    // A new computer: a fresh vault, pointed at the old backup folder, restores with the recovery key.
    const oldFolder = join(folder.home, 'vault', 'backups')
    const { backend: other } = await workspace.createVault('new-computer', {
      timers: manualTimers().timers,
      now: clock.now,
      password: 'new computer password',
    })
    try {
      other.preferences.update({ backupFolder: oldFolder })
      const refused = await other.dispatch('backups:restore', {
        source: { kind: 'listed', name: '../vault.db' },
        secret: recoveryKey,
      })
      expect(refused.ok ? null : refused.error.code).toBe('backup-not-found')
      const restored = await other.dispatch('backups:restore', {
        source: { kind: 'listed', name: written.name },
        secret: recoveryKey,
      })
      expect(restored).toEqual({ ok: true, value: { imported: 1, duplicates: 0 } })
      expect(other.queries.list().accounts.map((account) => account.handle)).toEqual(['acme.bakery'])
    } finally {
      other.close()
    }
  })
})
