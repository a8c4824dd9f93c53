import type Database from 'better-sqlite3'
import { existsSync } from 'node:fs'
import type { VaultStatus } from '../../../shared/domain/vault.ts'
import { wipe } from '../crypto/secret-bytes.ts'
import { TwofoldError } from '../errors.ts'
import { openDatabase } from '../store/open-database.ts'
import { cachedStatement } from '../store/statement-cache.ts'
import { toStorageError } from '../store/storage-errors.ts'
import { bestEffort } from './best-effort.ts'
import {
  checkedRecoveryRecipient,
  sealUncheckedBackupSlots,
  verifiedBackupSlots,
  type RecoveryRecipient,
} from './backup-slots.ts'
import type { KeyAccess } from './key-access.ts'
import { keyMatchesVault } from './key-check.ts'
import type { Keychain } from './keychain.ts'
import { slotKinds } from './key-slots.ts'
import type { OpenVault } from './open-vault.ts'
import { changePassword, replacePasswordWithKeychain, type SetPasswordRequest } from './password-change.ts'
import { SecretUnlock, type SecretUnlockRequest } from './secret-unlock.ts'
import { keepSlotsCurrent } from './slot-upkeep.ts'
import { createVaultFile, PendingCreations } from './vault-creation.ts'
import { vaultFile } from './vault-home.ts'
import { keychainCleanupPending, VaultKeychain } from './vault-keychain.ts'
import { VaultSession } from './vault-session.ts'

export interface VaultOptions {
  /** Folder holding the vault file. */
  home: string
  keychain: Keychain
  /** Injected so tests can move time (throttle, expiry) without waiting. */
  now?: () => number
}

export type UnlockRequest = { method: 'keychain' } | SecretUnlockRequest

/** The vault file once opened: who it is, and its password and recovery-key attempts. */
interface AttachedFile {
  db: Database.Database
  vaultId: string
  secrets: SecretUnlock
}

/**
 * The vault: one SQLite file whose secrets are sealed under a random 256-bit key, and the slots that
 * unlock that key (OS keychain, optional password, always a recovery key). While locked the key is
 * nowhere in memory; `lock()` overwrites it.
 */
export class Vault {
  readonly home: string
  readonly file: string
  readonly #now: () => number
  readonly #keychain: VaultKeychain
  readonly #session = new VaultSession()
  readonly #creations: PendingCreations
  #attached: AttachedFile | null = null

  constructor(options: VaultOptions) {
    this.home = options.home
    this.file = vaultFile(options.home)
    this.#keychain = new VaultKeychain(options.keychain)
    this.#now = options.now ?? Date.now
    this.#creations = new PendingCreations(this.#now)
    if (existsSync(this.file)) this.#attach()
  }

  // ── status and events ────────────────────────────────────────────────────────────────────────

  async status(): Promise<VaultStatus> {
    if (!this.#attached) {
      return {
        state: 'absent',
        location: this.home,
        keychain: (await this.#keychain.isAvailable()) ? 'available' : 'unavailable',
        slots: { keychain: false, password: false, recovery: false },
        retryAfterMs: 0,
        failedAttempts: 0,
      }
    }
    const { db, secrets } = this.#attached
    const kinds = slotKinds(db)
    const throttle = secrets.throttleState()
    // A vault kept by the keychain alone only ever reads it (to unlock): one lookup says whether that
    // will work. Writing and deleting a probe item — 17 ms of a 150 ms unlock — is for the cases that
    // write: creating a vault, and removing the password (offered only when there is one).
    const usable =
      kinds.has('keychain') && !kinds.has('password')
        ? await this.#keychain.isReadable()
        : await this.#keychain.isAvailable()
    return {
      state: this.#session.key ? 'unlocked' : 'locked',
      location: this.home,
      keychain: usable ? 'available' : 'unavailable',
      slots: {
        keychain: kinds.has('keychain'),
        password: kinds.has('password'),
        recovery: kinds.has('recovery'),
      },
      retryAfterMs: throttle.retryAfterMs,
      failedAttempts: throttle.failedAttempts,
      keychainCleanupPending: keychainCleanupPending(db),
    }
  }

  get isUnlocked(): boolean {
    return this.#session.key !== null
  }

  onStateChanged(listener: (status: VaultStatus) => void): () => void {
    return this.#session.onStateChanged(listener)
  }

  // ── creation ─────────────────────────────────────────────────────────────────────────────────

  /** A fresh recovery key to show once; nothing is written until `create` gets it back. */
  async prepareCreate(): Promise<{ creationId: string; recoveryKey: string; passwordRequired: boolean }> {
    this.#assertAbsent()
    const { creationId, recoveryKey } = this.#creations.start()
    this.#keychain.forget()
    return { creationId, recoveryKey, passwordRequired: !(await this.#keychain.isAvailable()) }
  }

  async create(request: {
    creationId: string
    recoveryKeyConfirmation: string
    password?: string | undefined
  }): Promise<VaultStatus> {
    this.#assertAbsent()
    const recoveryKey = this.#creations.confirmedRecoveryKey(
      request.creationId,
      request.recoveryKeyConfirmation,
    )
    const vaultKey = await createVaultFile({
      home: this.home,
      file: this.file,
      now: this.#now,
      keychain: this.#keychain,
      recoveryKey,
      password: request.password,
    })
    this.#creations.finish(request.creationId)
    this.#attach()
    this.#session.hold(vaultKey)
    return this.#changed()
  }

  // ── unlock and lock ──────────────────────────────────────────────────────────────────────────

  async unlock(request: UnlockRequest): Promise<VaultStatus> {
    const vault = this.#open()
    const { db, vaultId } = vault
    if (this.#session.key) return this.status()
    const generation = this.#session.generation
    const key =
      request.method === 'keychain'
        ? await this.#keychain.unlock(db, vaultId)
        : await vault.secrets.keyFrom(
            request.method,
            request.method === 'password' ? request.password : request.recoveryKey,
          )
    // A lock asked for while the key was being derived wins; so does an unlock that finished first.
    if (this.#session.lockedSince(generation) || this.#session.key) {
      wipe(key)
      return this.status()
    }
    this.#session.hold(key)
    await this.#keychain.finishCleanup(db, vaultId)
    if (request.method !== 'keychain') await keepSlotsCurrent(vault, key, request)
    bestEffort(() => sealUncheckedBackupSlots(db, key))
    return this.#changed()
  }

  /** Overwrites the vault key in memory. Safe when already locked; never fails once the key is gone. */
  async lock(): Promise<VaultStatus> {
    if (!this.#session.lock()) return this.status()
    try {
      return await this.#changed()
    } catch {
      // The vault is locked whatever a listener could not record (the audit log on a full disk): saying
      // otherwise would leave windows showing codes for a vault that no longer has its key.
      return this.status()
    }
  }

  /**
   * The live key, for core modules that seal and open secret columns. Never copy it, never send it
   * anywhere: it is wiped in place on lock.
   */
  requireKey(): Buffer {
    return this.#session.requireKey()
  }

  /**
   * The key for sealing a value about to be written. Another process (the CLI, a second copy of the
   * app) may have changed the password since this one unlocked, and so replaced the vault key: a value
   * sealed under the old key would never open again. Call it inside the write's transaction, before its
   * first write: the check and the write then read one snapshot, and SQLite refuses the write if
   * another process commits in between. A replaced key locks this process and writes nothing.
   */
  requireSealingKey(): Buffer {
    const key = this.requireKey()
    const { db, vaultId } = this.#requireAttached()
    // Once per sealed value (10,000 in an import): a compiled statement, not db.pragma's fresh one.
    const version = cachedStatement(db, 'PRAGMA data_version').pluck().get() as number
    if (this.#session.isKeyCheckedAt(version)) return key
    if (!keyMatchesVault(db, vaultId, key)) {
      void this.lock()
      throw new TwofoldError(
        'vault-locked',
        "The vault's password was changed elsewhere (in the CLI or another copy of Twofold). Nothing was written: unlock with the new password.",
      )
    }
    this.#session.markKeyCheckedAt(version)
    return key
  }

  /** What the stores are handed: the key for opening values, and the checked key for sealing them. */
  keyAccess(): KeyAccess {
    return { forOpening: () => this.requireKey(), forSealing: () => this.requireSealingKey() }
  }

  /** Aegis slots for backups (see migrations 003 and 004), as JSON, each checked against its seal. */
  backupSlots(): string[] {
    return verifiedBackupSlots(this.requireUnlockedDatabase(), this.requireKey())
  }

  /**
   * The recovery key's public half for a backup's recovery box: unlike the Aegis recovery slot it
   * follows a new vault key without the recovery key being typed. Null until a pre-007 slot is upgraded.
   */
  backupRecoveryRecipient(): RecoveryRecipient | null {
    return checkedRecoveryRecipient(this.requireUnlockedDatabase(), this.requireKey())
  }

  /** The open vault file, locked or not: for what is never secret (the audit log, the throttle). */
  database(): Database.Database {
    return this.#requireAttached().db
  }

  requireUnlockedDatabase(): Database.Database {
    this.requireKey()
    return this.#requireAttached().db
  }

  // ── password ─────────────────────────────────────────────────────────────────────────────────

  /**
   * Sets or changes the password, and replaces the vault key: a new random key, every sealed value
   * re-sealed under it, the slots and backup slots remade, all in one transaction. An old backup with
   * the old password, or an old keychain item, then opens nothing written from now on.
   */
  async setPassword(request: SetPasswordRequest): Promise<VaultStatus> {
    await changePassword(this.#openUnlocked(), request)
    return this.#changed()
  }

  async removePassword(request: { currentPassword: string }): Promise<VaultStatus> {
    await replacePasswordWithKeychain(this.#openUnlocked(), request)
    return this.#changed()
  }

  /**
   * Asks for the password again before showing what must not appear by accident (a whole backup-code
   * set). Counted against the same throttle as unlocking.
   */
  async confirmPassword(password: string): Promise<void> {
    await this.#openUnlocked().secrets.verifyPassword(password)
  }

  /**
   * Before a secret leaves: the password again when the vault has one — a page cannot produce it
   * without the person. With no password slot there is nothing to ask, and main's own confirmation is
   * the gate. Read from the slots rather than status(), which would ask the keychain for nothing.
   */
  async confirmPasswordIfSet(password: string | undefined, toDoWhat: string): Promise<void> {
    const { db, secrets } = this.#openUnlocked()
    if (!slotKinds(db).has('password')) return
    if (password === undefined)
      throw new TwofoldError('wrong-password', `Enter the vault password to ${toDoWhat}.`, {
        field: 'password',
      })
    await secrets.verifyPassword(password)
  }

  close(): void {
    this.#session.lock()
    this.#creations.clear()
    this.#attached?.db.close()
    this.#attached = null
  }

  // ── internals ────────────────────────────────────────────────────────────────────────────────

  #attach(): void {
    const db = openDatabase(this.file, { mustExist: true })
    const meta = db.prepare('SELECT vault_id FROM vault_meta WHERE id = 1').get() as
      { vault_id: string } | undefined
    if (!meta) {
      db.close()
      throw new TwofoldError('vault-corrupt', `The vault file in ${this.home} has no vault in it.`)
    }
    this.#attached = { db, vaultId: meta.vault_id, secrets: new SecretUnlock(db, meta.vault_id, this.#now) }
  }

  #requireAttached(): AttachedFile {
    if (!this.#attached)
      throw new TwofoldError('vault-absent', 'There is no vault here yet. Create one first.')
    return this.#attached
  }

  #open(): OpenVault {
    return {
      ...this.#requireAttached(),
      home: this.home,
      now: this.#now,
      session: this.#session,
      keychain: this.#keychain,
    }
  }

  /** Locked before absent, as every unlocked-only method has always answered. */
  #openUnlocked(): OpenVault {
    this.requireKey()
    return this.#open()
  }

  #assertAbsent(): void {
    if (this.#attached || existsSync(this.file)) {
      throw new TwofoldError('vault-exists', `A vault already exists in ${this.home}.`)
    }
  }

  async #changed(): Promise<VaultStatus> {
    const status = await this.status()
    try {
      this.#session.tell(status)
    } catch (error) {
      throw toStorageError(error, this.home)
    }
    return status
  }
}
