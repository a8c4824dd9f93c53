import { randomUUID } from 'node:crypto'
import { existsSync, linkSync, mkdirSync, renameSync, rmSync } from 'node:fs'
import { KEY_BYTES } from '../crypto/aead.ts'
import { generateRecoveryKey, parseRecoveryKey, recoveryKeysMatch } from '../crypto/recovery-key.ts'
import { randomSecret, wipe } from '../crypto/secret-bytes.ts'
import { TwofoldError } from '../errors.ts'
import { openDatabase } from '../store/open-database.ts'
import { toStorageError } from '../store/storage-errors.ts'
import { aegisPasswordSlot } from '../crypto/aegis-password-slot.ts'
import { backupPasswordFor } from '../crypto/backup-password.ts'
import { storeBackupSlot } from './backup-slots.ts'
import { sealKeyCheck } from './key-check.ts'
import { KeychainUnavailableError } from './keychain.ts'
import { keychainSlot, prepareWrappedSlot, storeSlot, type PreparedSlot } from './key-slots.ts'
import { assertStrongPassword } from './password-rule.ts'
import type { VaultKeychain } from './vault-keychain.ts'

/** A person reading and writing down a recovery key gets this long before starting over. */
const CREATION_TTL_MS = 30 * 60_000

interface PendingCreation {
  recoveryKey: string
  expiresAt: number
}

/** Recovery keys shown for a vault not yet made: nothing is written until one is typed back. */
export class PendingCreations {
  readonly #now: () => number
  readonly #pending = new Map<string, PendingCreation>()

  constructor(now: () => number) {
    this.#now = now
  }

  /** A fresh recovery key to show once, under an id that `confirmedRecoveryKey` takes back. */
  start(): { creationId: string; recoveryKey: string } {
    this.#dropExpired()
    const { bytes, text } = generateRecoveryKey()
    wipe(bytes)
    const creationId = randomUUID()
    this.#pending.set(creationId, { recoveryKey: text, expiresAt: this.#now() + CREATION_TTL_MS })
    return { creationId, recoveryKey: text }
  }

  /** The recovery key shown for `creationId`, once the person has typed it back correctly. */
  confirmedRecoveryKey(creationId: string, confirmation: string): string {
    this.#dropExpired()
    const pending = this.#pending.get(creationId)
    if (!pending) {
      throw new TwofoldError(
        'creation-expired',
        'This vault setup has expired. Start again to get a new recovery key.',
      )
    }
    if (!recoveryKeysMatch(pending.recoveryKey, confirmation)) {
      throw new TwofoldError(
        'recovery-key-mismatch',
        'That does not match the recovery key shown. Check what you wrote down and type it again.',
      )
    }
    return pending.recoveryKey
  }

  finish(creationId: string): void {
    this.#pending.delete(creationId)
  }

  clear(): void {
    this.#pending.clear()
  }

  #dropExpired(): void {
    for (const [id, pending] of this.#pending) if (pending.expiresAt <= this.#now()) this.#pending.delete(id)
  }
}

export interface NewVault {
  home: string
  file: string
  now: () => number
  keychain: VaultKeychain
  recoveryKey: string
  /** Without one, the keychain keeps the key. */
  password: string | undefined
}

/**
 * Writes a new vault file with its slots and returns its key. Leaves nothing half-made behind: no
 * file without slots, no keychain item without a vault.
 */
export async function createVaultFile(vault: NewVault): Promise<Buffer> {
  const { password, home, file, keychain } = vault
  if (password !== undefined) assertStrongPassword(password)
  // A password replaces the keychain rather than adding to it: a key left in the keychain would let
  // anyone at this unlocked computer skip the password.
  const useKeychain = password === undefined
  if (useKeychain && !(await keychain.isAvailable())) throw passwordRequired()

  const vaultId = randomUUID()
  const vaultKey = randomSecret(KEY_BYTES)
  const recoveryBytes = parseRecoveryKey(vault.recoveryKey)
  const passwordBytes = password === undefined ? null : Buffer.from(password, 'utf8')
  const slots: PreparedSlot[] = []
  const backupSlots: { kind: 'password' | 'recovery'; slot: string }[] = []
  const recoveryBackupPassword = Buffer.from(backupPasswordFor(vault.recoveryKey), 'utf8')
  try {
    slots.push(await prepareWrappedSlot('recovery', vaultKey, recoveryBytes))
    backupSlots.push({
      kind: 'recovery',
      slot: JSON.stringify(await aegisPasswordSlot(vaultKey, recoveryBackupPassword)),
    })
    if (passwordBytes) {
      slots.push(await prepareWrappedSlot('password', vaultKey, passwordBytes))
      backupSlots.push({
        kind: 'password',
        slot: JSON.stringify(await aegisPasswordSlot(vaultKey, passwordBytes)),
      })
    }
  } finally {
    wipe(recoveryBytes, passwordBytes, recoveryBackupPassword)
  }

  let storedInKeychain = false
  if (useKeychain) {
    try {
      await keychain.store(vaultId, vaultKey)
      storedInKeychain = true
      slots.push(keychainSlot())
    } catch (error) {
      wipe(vaultKey)
      if (!(error instanceof KeychainUnavailableError)) throw error
      keychain.markUnavailable()
      throw passwordRequired()
    }
  }

  // Built under a name of its own and moved into place without overwriting: two processes creating
  // a vault here at once each build their own, one move wins, and each deletes only what it made.
  const building = `${file}.${randomUUID()}.building`
  try {
    mkdirSync(home, { recursive: true, mode: 0o700 })
    const db = openDatabase(building, { mustExist: false })
    try {
      const createdAt = new Date(vault.now()).toISOString()
      db.transaction(() => {
        db.prepare('INSERT INTO vault_meta (id, vault_id, created_at, key_check) VALUES (1, ?, ?, ?)').run(
          vaultId,
          createdAt,
          sealKeyCheck(vaultKey, vaultId),
        )
        for (const slot of slots) storeSlot(db, slot, createdAt)
        for (const backup of backupSlots) storeBackupSlot(db, backup.kind, backup.slot, createdAt, vaultKey)
      }).immediate()
    } finally {
      // The last connection's close checkpoints the WAL into the file and removes it.
      db.close()
    }
    moveIntoPlace(building, file)
  } catch (error) {
    removeFiles(building)
    if (storedInKeychain) await keychain.remove(vaultId).catch(() => false)
    wipe(vaultKey)
    if (isCode(error, 'EEXIST')) {
      throw new TwofoldError('vault-exists', `A vault already exists in ${home}.`)
    }
    throw toStorageError(error, home)
  }
  removeFiles(building)
  return vaultKey
}

/**
 * A hard link fails with EEXIST when the name is taken, where a rename would replace the other
 * vault. Where the file system has no hard links, a rename after a last look is the best left.
 */
function moveIntoPlace(from: string, to: string): void {
  try {
    linkSync(from, to)
    return
  } catch (error) {
    if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK'].some((code) => isCode(error, code)))
      throw error
  }
  if (existsSync(to)) throw Object.assign(new Error('the vault file exists'), { code: 'EEXIST' })
  renameSync(from, to)
}

function removeFiles(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(file + suffix, { force: true })
}

function isCode(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code
}

function passwordRequired(): TwofoldError {
  return new TwofoldError(
    'password-required',
    'No system keychain is available on this computer, so the vault needs a password to protect its key.',
  )
}
