import Database from 'better-sqlite3'
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Backend } from '../../../electron/core/app-backend.ts'
import { encodeBase32Secret } from '../../../electron/core/engine/secret-text.ts'
import { isTwofoldError } from '../../../electron/core/errors.ts'
import { restoreBackup } from '../../../electron/core/transfer/restore-backup.ts'
import { vaultWorkspace, type VaultWorkspace } from '../../support/vault-workspace.ts'

const OLD_PASSWORD = 'the first long password'
const NEW_PASSWORD = 'the second long password'

/**
 * README: "a backup opens with the vault's password or its recovery key, so a new machine without the
 * keychain item can restore everything". A password change makes a new vault key, and the Aegis
 * recovery slot cannot follow it without the recovery key: the backup's recovery box must.
 */
describe('a backup made after a password change', () => {
  let workspace: VaultWorkspace
  let folder: VaultWorkspace['folder']
  let freshVaults = 0

  const vaultAt = (name: string, password?: string) =>
    workspace.createVault(name, password ? { password } : {})

  function addAccount(backend: Backend, handle: string): void {
    // A secret of its own: a restore leaves alone an account whose secret it already has.
    const secret = encodeBase32Secret(Buffer.from(handle.padEnd(20, '.').slice(0, 20)))
    backend.editing.add({
      platform: 'generic',
      handle,
      authenticator: { source: 'uri', uri: `otpauth://totp/Corp:${handle}?secret=${secret}&issuer=Corp` },
    })
  }

  /** Restores into a brand-new vault folder, as on a new machine without the keychain item. */
  async function restoreFresh(bytes: Uint8Array, secret: string): Promise<string[]> {
    const { backend } = await vaultAt(`fresh-${++freshVaults}`)
    await restoreBackup(bytes, secret, backend.transfer)
    return backend.queries
      .list()
      .accounts.map((account) => account.handle)
      .sort()
  }

  async function errorOf(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
    try {
      await promise
    } catch (error) {
      if (isTwofoldError(error)) return { code: error.code, message: error.message }
      throw error
    }
    throw new Error('expected a refusal')
  }

  beforeEach(() => {
    workspace = vaultWorkspace()
    folder = workspace.folder
  })
  afterEach(() => workspace.dispose())

  it('restores into a fresh vault with the recovery key, and with the new password only', async () => {
    const { backend, recoveryKey } = await vaultAt('vault', OLD_PASSWORD)
    addAccount(backend, 'before.change')
    const backups = join(folder.home, 'backups')
    const oldBackup = readFileSync(backend.backups.backupNow(backups, 10).file)

    await backend.vault.setPassword({ currentPassword: OLD_PASSWORD, newPassword: NEW_PASSWORD })
    addAccount(backend, 'after.change')
    const newBackup = readFileSync(backend.backups.backupNow(backups, 10).file)

    // The recovery key as written on paper, and as someone might type it.
    expect(await restoreFresh(newBackup, recoveryKey)).toEqual(['after.change', 'before.change'])
    expect(await restoreFresh(newBackup, recoveryKey.toLowerCase().replace(/-/g, ' '))).toEqual([
      'after.change',
      'before.change',
    ])
    expect(await restoreFresh(newBackup, NEW_PASSWORD)).toEqual(['after.change', 'before.change'])
    expect((await errorOf(restoreFresh(newBackup, OLD_PASSWORD))).code).toBe('import-wrong-password')

    // A backup from before the change keeps opening with what opened it then.
    expect(await restoreFresh(oldBackup, recoveryKey)).toEqual(['before.change'])
    expect(await restoreFresh(oldBackup, OLD_PASSWORD)).toEqual(['before.change'])
    expect((await errorOf(restoreFresh(oldBackup, NEW_PASSWORD))).code).toBe('import-wrong-password')
  })

  it("refuses another vault's recovery key", async () => {
    const { backend } = await vaultAt('vault', OLD_PASSWORD)
    addAccount(backend, 'mine')
    await backend.vault.setPassword({ currentPassword: OLD_PASSWORD, newPassword: NEW_PASSWORD })
    const { recoveryKey: otherKey } = await vaultAt('other')
    const bytes = readFileSync(backend.backups.backupNow(join(folder.home, 'backups'), 10).file)
    expect((await errorOf(restoreFresh(bytes, otherKey))).code).toBe('import-wrong-password')
  })

  it('says a tampered recovery box is damaged, and restores nothing', async () => {
    const { backend, recoveryKey } = await vaultAt('vault', OLD_PASSWORD)
    addAccount(backend, 'mine')
    await backend.vault.setPassword({ currentPassword: OLD_PASSWORD, newPassword: NEW_PASSWORD })
    const file = JSON.parse(
      readFileSync(backend.backups.backupNow(join(folder.home, 'backups'), 10).file, 'utf8'),
    ) as { header: { twofold_recovery?: { key: string } } }
    const box = file.header.twofold_recovery
    expect(box).toBeDefined()
    if (!box) return
    const wrapped = Buffer.from(box.key, 'base64')
    wrapped[wrapped.length - 1] = (wrapped[wrapped.length - 1] ?? 0) ^ 0x01
    box.key = wrapped.toString('base64')

    const { backend: fresh } = await vaultAt('fresh')
    const refusal = await errorOf(
      restoreBackup(Buffer.from(JSON.stringify(file)), recoveryKey, fresh.transfer),
    )
    expect(refusal.code).toBe('import-unreadable')
    expect(refusal.message).toMatch(/damaged|altered/)
    expect(refusal.message).not.toContain(recoveryKey)
    expect(fresh.queries.list().accounts).toEqual([])
  })

  it('writes no backup when the recovery public key in the vault file was swapped', async () => {
    const { backend } = await vaultAt('vault', OLD_PASSWORD)
    addAccount(backend, 'mine')
    const raw = new Database(join(folder.home, 'vault', 'vault.sqlite3'))
    try {
      raw.prepare("UPDATE key_slots SET recipient_key = ? WHERE kind = 'recovery'").run(randomBytes(32))
    } finally {
      raw.close()
    }
    const backups = join(folder.home, 'backups')
    let refusal: unknown
    try {
      backend.backups.backupNow(backups, 10)
    } catch (error) {
      refusal = error
    }
    expect(isTwofoldError(refusal, 'vault-tampered')).toBe(true)
    expect(backend.backups.list(backups)).toEqual([])
  })
})
