import Database from 'better-sqlite3'
import { createDecipheriv, scryptSync } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Backend } from '../../../electron/core/app-backend.ts'
import { open } from '../../../electron/core/crypto/aead.ts'
import { encodeBase32Secret } from '../../../electron/core/engine/secret-text.ts'
import { isTwofoldError } from '../../../electron/core/errors.ts'
import { openAegisDatabase } from '../../../electron/core/importers/formats/aegis.ts'
import { keychainAccountForVault, type Keychain } from '../../../electron/core/vault/keychain.ts'
import { makeRecoverySlotPredateRotation } from '../../harness/legacy-vault.ts'
import { createVaultIn, vaultWorkspace, type VaultWorkspace } from '../../support/vault-workspace.ts'

const OLD_PASSWORD = 'the first long password'
const NEW_PASSWORD = 'the second long password'

/** The master key an Aegis backup's password slot gives for `password`, or null when it does not open. */
function backupKey(file: string, password: string): Buffer | null {
  const json = JSON.parse(readFileSync(file, 'utf8')) as {
    header: {
      slots: {
        type: number
        key: string
        key_params: { nonce: string; tag: string }
        n: number
        r: number
        p: number
        salt: string
      }[]
    }
  }
  for (const slot of json.header.slots.filter((candidate) => candidate.type === 1)) {
    const wrapping = scryptSync(password, Buffer.from(slot.salt, 'hex'), 32, {
      N: slot.n,
      r: slot.r,
      p: slot.p,
      maxmem: 64 * 1024 * 1024,
    })
    const decipher = createDecipheriv('aes-256-gcm', wrapping, Buffer.from(slot.key_params.nonce, 'hex'))
    decipher.setAuthTag(Buffer.from(slot.key_params.tag, 'hex'))
    try {
      return Buffer.concat([decipher.update(Buffer.from(slot.key, 'hex')), decipher.final()])
    } catch {
      continue
    }
  }
  return null
}

/** Whether `key` opens the account's sealed secret as it is in the vault file now. */
function opensSecretOf(home: string, accountId: string, key: Buffer): boolean {
  const raw = new Database(join(home, 'vault.sqlite3'), { readonly: true, fileMustExist: true })
  try {
    const row = raw.prepare('SELECT secret FROM authenticators WHERE account_id = ?').get(accountId) as {
      secret: Buffer
    }
    open(key, { table: 'authenticators', row: accountId, column: 'secret' }, row.secret)
    return true
  } catch {
    return false
  } finally {
    raw.close()
  }
}

async function addAccount(backend: Backend, handle: string): Promise<string> {
  const result = await backend.dispatch('accounts:add', {
    platform: 'generic',
    handle,
    authenticator: { source: 'manual', secret: encodeBase32Secret(Buffer.alloc(20, handle.length)) },
  })
  if (!result.ok) throw new Error(result.error.message)
  const id = (result.value as { account: { id: string } }).account.id
  const codes = await backend.dispatch('backup-codes:set', { accountId: id, text: '11112222\n33334444' })
  if (!codes.ok) throw new Error(codes.error.message)
  return id
}

describe('a password change replaces the vault key', () => {
  let workspace: VaultWorkspace
  let folder: VaultWorkspace['folder']
  let keys: VaultWorkspace['keys']
  /** The one vault folder each test works on; opened again as a restart would. */
  const home = () => join(folder.home, 'vault')
  const backendAt = (keychain: Keychain = keys.keychain) => workspace.openBackend('vault', { keychain })
  const create = (backend: Backend, password?: string) => createVaultIn(backend.vault, password)

  beforeEach(() => {
    workspace = vaultWorkspace()
    folder = workspace.folder
    keys = workspace.keys
  })
  afterEach(() => workspace.dispose())

  it('so an old backup and the old password open nothing sealed after the change', async () => {
    const backend = backendAt()
    await create(backend, OLD_PASSWORD)
    const before = await addAccount(backend, 'before.change')
    const backups = join(folder.home, 'backups')
    const oldBackup = backend.backups.backupNow(backups, 10).file

    await backend.vault.setPassword({ currentPassword: OLD_PASSWORD, newPassword: NEW_PASSWORD })
    const after = await addAccount(backend, 'after.change')

    const oldKey = backupKey(oldBackup, OLD_PASSWORD)
    expect(oldKey).not.toBeNull()
    expect(opensSecretOf(home(), after, oldKey as Buffer)).toBe(false)
    expect(opensSecretOf(home(), before, oldKey as Buffer)).toBe(false)

    const newBackup = backend.backups.backupNow(backups, 10).file
    expect(backupKey(newBackup, OLD_PASSWORD)).toBeNull()
    const restored = JSON.stringify(await openAegisDatabase(readFileSync(newBackup), NEW_PASSWORD))
    expect(restored).toContain('before.change')
    expect(restored).toContain('after.change')
    // The old backup still opens with its own password: nothing already written is lost.
    expect(JSON.stringify(await openAegisDatabase(readFileSync(oldBackup), OLD_PASSWORD))).toContain(
      'before.change',
    )
  })

  it('makes a copy still unlocked elsewhere (the app while the CLI changes the password) write nothing under the old key', async () => {
    const app = backendAt()
    await create(app, OLD_PASSWORD)
    const kept = await addAccount(app, 'kept.account')
    const cli = backendAt()
    await cli.vault.unlock({ method: 'password', password: OLD_PASSWORD })
    await cli.vault.setPassword({ currentPassword: OLD_PASSWORD, newPassword: NEW_PASSWORD })

    // The app still holds the old key: an account or a backup-code set sealed with it would be lost.
    const add = await app.dispatch('accounts:add', {
      platform: 'generic',
      handle: 'written.after',
      authenticator: { source: 'manual', secret: encodeBase32Secret(Buffer.alloc(20, 7)) },
    })
    expect(add.ok ? 'written' : add.error.code).toBe('vault-locked')
    expect(add.ok ? '' : add.error.message).toMatch(/changed elsewhere/)
    const codes = await app.dispatch('backup-codes:set', { accountId: kept, text: '55556666\n77778888' })
    expect(codes.ok ? 'written' : codes.error.code).toBe('vault-locked')
    expect((await app.vault.status()).state).toBe('locked')

    await app.vault.unlock({ method: 'password', password: NEW_PASSWORD })
    expect(app.queries.list().accounts.map((account) => account.handle)).toEqual(['kept.account'])
    const { entries } = app.transfer.exportEntries({ complete: true })
    expect(entries[0]?.twofold?.backupCodes?.map((entry) => entry.code)).toEqual(['11112222', '33334444'])
    // And once unlocked with the new key, the app writes again.
    expect(opensSecretOf(home(), await addAccount(app, 'written.now'), app.vault.requireKey())).toBe(true)
  })

  it('keeps every secret readable, and the same paper recovery key working', async () => {
    const backend = backendAt()
    const recoveryKey = await create(backend, OLD_PASSWORD)
    const id = await addAccount(backend, 'kept.account')
    const code = backend.codes.codes([id], Date.UTC(2026, 0, 1))[0]?.code
    await backend.vault.setPassword({ currentPassword: OLD_PASSWORD, newPassword: NEW_PASSWORD })
    await backend.vault.lock()

    const wrong = await backend.vault
      .unlock({ method: 'password', password: OLD_PASSWORD })
      .catch((e: unknown) => e)
    expect(isTwofoldError(wrong, 'wrong-password')).toBe(true)
    await backend.vault.unlock({ method: 'recovery', recoveryKey })
    expect(backend.codes.codes([id], Date.UTC(2026, 0, 1))[0]?.code).toBe(code)
    const { entries } = backend.transfer.exportEntries({ complete: true })
    expect(entries[0]?.twofold?.backupCodes?.map((entry) => entry.code)).toEqual(['11112222', '33334444'])
  })

  it('never wraps the new key to a recovery public key swapped into the file', async () => {
    const backend = backendAt()
    await create(backend, OLD_PASSWORD)
    const db = backend.vault.database()
    const { recipient_key: real } = db
      .prepare("SELECT recipient_key FROM key_slots WHERE kind = 'recovery'")
      .get() as {
      recipient_key: Buffer
    }
    const swapped = Buffer.from(real)
    swapped[5] = (swapped[5] ?? 0) ^ 0xff
    db.prepare("UPDATE key_slots SET recipient_key = ? WHERE kind = 'recovery'").run(swapped)

    const refused = await backend.vault
      .setPassword({ currentPassword: OLD_PASSWORD, newPassword: NEW_PASSWORD })
      .catch((error: unknown) => error)
    expect(isTwofoldError(refused, 'vault-tampered')).toBe(true)
    await backend.vault.lock()
    expect((await backend.vault.unlock({ method: 'password', password: OLD_PASSWORD })).state).toBe(
      'unlocked',
    )
  })

  it('asks once for the recovery key of a vault made before key rotation, and not after a recovery unlock', async () => {
    const backend = backendAt()
    const recoveryKey = await create(backend, OLD_PASSWORD)
    // The recovery slot as an earlier Twofold wrote it: the vault key under scrypt(recovery key) alone.
    const makeLegacy = () => makeRecoverySlotPredateRotation(backend, recoveryKey)
    await makeLegacy()
    const refused = await backend.vault
      .setPassword({ currentPassword: OLD_PASSWORD, newPassword: NEW_PASSWORD })
      .catch((error: unknown) => error)
    expect(isTwofoldError(refused, 'recovery-key-required')).toBe(true)
    await backend.vault.setPassword({ currentPassword: OLD_PASSWORD, newPassword: NEW_PASSWORD, recoveryKey })
    await backend.vault.lock()
    expect((await backend.vault.unlock({ method: 'recovery', recoveryKey })).state).toBe('unlocked')

    // Or: one unlock with the recovery key remakes the slot, and no change needs it again.
    await makeLegacy()
    await backend.vault.lock()
    await backend.vault.unlock({ method: 'recovery', recoveryKey })
    await backend.vault.setPassword({ currentPassword: NEW_PASSWORD, newPassword: OLD_PASSWORD })
    await backend.vault.lock()
    expect((await backend.vault.unlock({ method: 'recovery', recoveryKey })).state).toBe('unlocked')
  })

  it('so the old keychain item no longer opens the vault once a password is set', async () => {
    const backend = backendAt()
    await create(backend)
    const id = await addAccount(backend, 'keychain.account')
    const account = keychainAccountForVault(
      (backend.vault.database().prepare('SELECT vault_id FROM vault_meta').get() as { vault_id: string })
        .vault_id,
    )
    const oldItem = await keys.keychain.read(account)
    expect(oldItem).not.toBeNull()

    await backend.vault.setPassword({ newPassword: NEW_PASSWORD })
    expect(opensSecretOf(home(), id, oldItem as Buffer)).toBe(false)
    expect(await keys.keychain.read(account)).toBeNull()
    expect((await backend.vault.status()).keychainCleanupPending).toBe(false)
  })

  it('shows a keychain removal that failed, and retries it at the next unlock', async () => {
    let failRemoval = true
    const flaky: Keychain = {
      service: keys.keychain.service,
      isAvailable: () => keys.keychain.isAvailable(),
      isReadable: () => keys.keychain.isReadable(),
      read: (account) => keys.keychain.read(account),
      write: (account, secret) => keys.keychain.write(account, secret),
      remove: (account) =>
        failRemoval ? Promise.reject(new Error('the keychain refused')) : keys.keychain.remove(account),
    }
    const backend = backendAt(flaky)
    await create(backend)
    const status = await backend.vault.setPassword({ newPassword: NEW_PASSWORD })
    expect(status.keychainCleanupPending).toBe(true)
    expect(keys.accounts()).toHaveLength(1)

    failRemoval = false
    backend.close()
    const restarted = backendAt(flaky)
    expect((await restarted.vault.status()).keychainCleanupPending).toBe(true)
    const unlocked = await restarted.vault.unlock({ method: 'password', password: NEW_PASSWORD })
    expect(unlocked.keychainCleanupPending).toBe(false)
    expect(keys.accounts()).toEqual([])
  })
})
