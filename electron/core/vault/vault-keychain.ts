import type Database from 'better-sqlite3'
import { KEY_BYTES } from '../crypto/aead.ts'
import { wipe } from '../crypto/secret-bytes.ts'
import { TwofoldError } from '../errors.ts'
import { bestEffort } from './best-effort.ts'
import { keyMatchesVault } from './key-check.ts'
import { keychainAccountForVault, KeychainUnavailableError, type Keychain } from './keychain.ts'
import { slotKinds } from './key-slots.ts'

/**
 * The vault key's item in the OS keychain: unlocking with it, putting it back, removing it once a
 * password replaced it. Whether the keychain is there at all is asked once and kept until something
 * says it may have come or gone.
 */
export class VaultKeychain {
  readonly #keychain: Keychain
  #available: boolean | null = null
  #readable: boolean | null = null

  constructor(keychain: Keychain) {
    this.#keychain = keychain
  }

  async isAvailable(): Promise<boolean> {
    this.#available ??= await this.#keychain.isAvailable()
    return this.#available
  }

  async isReadable(): Promise<boolean> {
    // What a write probe found answers this too.
    this.#readable ??= this.#available ?? (await this.#keychain.isReadable())
    return this.#readable
  }

  /** The keychain may have come or gone: the next status asks it again. */
  forget(): void {
    this.#available = null
    this.#readable = null
  }

  /** A write just failed with KeychainUnavailableError: there is no keychain after all. */
  markUnavailable(): void {
    this.#available = false
  }

  /** Throws KeychainUnavailableError when there is no keychain to take the key. */
  async store(vaultId: string, key: Uint8Array): Promise<void> {
    await this.#keychain.write(keychainAccountForVault(vaultId), key)
  }

  async remove(vaultId: string): Promise<boolean> {
    return this.#keychain.remove(keychainAccountForVault(vaultId))
  }

  /** The vault key from the keychain, checked against the vault before it is handed out. */
  async unlock(db: Database.Database, vaultId: string): Promise<Buffer> {
    if (!slotKinds(db).has('keychain')) {
      throw new TwofoldError(
        'slot-missing',
        'This vault is protected by its password, not the system keychain. Enter the password.',
      )
    }
    let stored: Buffer | null
    try {
      stored = await this.#keychain.read(keychainAccountForVault(vaultId))
    } catch (error) {
      if (error instanceof KeychainUnavailableError) {
        this.#readable = false
        throw keychainUnavailable()
      }
      throw error
    }
    if (!stored) {
      this.forget()
      if (!(await this.isAvailable())) throw keychainUnavailable()
      throw new TwofoldError(
        'keychain-item-missing',
        "The system keychain no longer holds this vault's key (a new computer or a reset keychain). Unlock with your password or recovery key; Twofold will store the key again.",
      )
    }
    if (stored.length !== KEY_BYTES || !keyMatchesVault(db, vaultId, stored)) {
      wipe(stored)
      throw new TwofoldError(
        'keychain-key-mismatch',
        'The key in the system keychain does not open this vault. Unlock with your password or recovery key; Twofold will replace it.',
      )
    }
    return stored
  }

  /** After unlocking without the keychain, put the key back if the item went missing. */
  async repairItem(db: Database.Database, vaultId: string, key: Buffer): Promise<void> {
    if (!slotKinds(db).has('keychain')) return
    const account = keychainAccountForVault(vaultId)
    try {
      const stored = await this.#keychain.read(account)
      const good = stored !== null && stored.length === KEY_BYTES && stored.equals(key)
      wipe(stored)
      if (!good) await this.#keychain.write(account, key)
    } catch {
      // Still no keychain: the password and recovery slots keep working, and status says so.
    }
  }

  /**
   * Removes the keychain item of a vault that no longer has a keychain slot. A failure is kept in the
   * vault file, shown in the status and retried at the next unlock: never swallowed.
   */
  async finishCleanup(db: Database.Database, vaultId: string): Promise<void> {
    if (!keychainCleanupPending(db) || slotKinds(db).has('keychain')) return
    try {
      await this.remove(vaultId)
    } catch {
      return
    }
    bestEffort(() => db.prepare('UPDATE vault_meta SET keychain_cleanup_pending = 0 WHERE id = 1').run())
  }
}

export function keychainCleanupPending(db: Database.Database): boolean {
  const row = db.prepare('SELECT keychain_cleanup_pending AS pending FROM vault_meta WHERE id = 1').get() as
    { pending: number } | undefined
  return row?.pending === 1
}

export function keychainUnavailable(): TwofoldError {
  return new TwofoldError(
    'keychain-unavailable',
    'The system keychain cannot be reached, so Twofold cannot unlock by itself. Unlock with your password or recovery key.',
  )
}
