import type Database from 'better-sqlite3'
import { randomUUID } from 'node:crypto'
import { existsSync, linkSync, mkdirSync, renameSync, rmSync } from 'node:fs'
import { MIN_PASSWORD_LENGTH, type VaultStatus } from '../../../shared/domain/vault.ts'
import { KEY_BYTES, open, seal } from '../crypto/aead.ts'
import { generateRecoveryKey, parseRecoveryKey, recoveryKeysMatch } from '../crypto/recovery-key.ts'
import { randomSecret, wipe } from '../crypto/secret-bytes.ts'
import { TwofoldError } from '../errors.ts'
import { openDatabase } from '../store/open-database.ts'
import { toStorageError } from '../store/storage-errors.ts'
import { keychainAccountForVault, KeychainUnavailableError, type Keychain } from './keychain.ts'
import {
  keychainSlot,
  prepareWrappedSlot,
  passwordSlotIsScrypt,
  readWrappedSlot,
  recoverySlotIsLegacy,
  removeSlot,
  rewrapRecoverySlot,
  slotKinds,
  storeSlot,
  unwrapWrappedSlot,
  type PreparedSlot,
} from './key-slots.ts'
import { cachedStatement } from '../store/statement-cache.ts'
import type { KeyAccess } from './key-access.ts'
import { FREE_ATTEMPTS, UnlockThrottle, type AttemptDecision, type ThrottleState } from './unlock-throttle.ts'
import {
  backupSlotNeedsRepair,
  checkedRecoveryRecipient,
  sealUncheckedBackupSlots,
  storeBackupSlot,
  verifiedBackupSlots,
  type BackupSlotKind,
  type RecoveryRecipient,
} from './backup-slots.ts'
import { resealAll } from './sealed-columns.ts'
import { vaultFile } from './vault-home.ts'
import { aegisPasswordSlot } from '../transfer/aegis-vault-writer.ts'
import { backupPasswordFor } from '../transfer/backup-password.ts'

export interface VaultOptions {
  /** Folder holding the vault file. */
  home: string
  keychain: Keychain
  /** Injected so tests can move time (throttle, expiry) without waiting. */
  now?: () => number
}

export type UnlockRequest =
  | { method: 'keychain' }
  | { method: 'password'; password: string }
  | { method: 'recovery'; recoveryKey: string }

interface PendingCreation {
  recoveryKey: string
  expiresAt: number
}

/** A person reading and writing down a recovery key gets this long before starting over. */
const CREATION_TTL_MS = 30 * 60_000
const KEY_CHECK_PLAINTEXT = Buffer.from('twofold vault key check v1', 'utf8')

/**
 * The vault: one SQLite file whose secrets are sealed under a random 256-bit key, and the slots that
 * unlock that key (OS keychain, optional password, always a recovery key). While locked the key is
 * nowhere in memory; `lock()` overwrites it.
 */
export class Vault {
  readonly home: string
  readonly file: string
  private readonly keychain: Keychain
  private readonly now: () => number
  private db: Database.Database | null = null
  private key: Buffer | null = null
  private vaultId: string | null = null
  private keychainAvailable: boolean | null = null
  private keychainReadable: boolean | null = null
  private readonly pending = new Map<string, PendingCreation>()
  private readonly listeners = new Set<(status: VaultStatus) => void>()
  /** Password and recovery attempts wait here for the one before them. */
  private attemptQueue: Promise<void> = Promise.resolve()
  /** Goes up on every lock: an unlock that started before a lock must not finish after it. */
  private lockGeneration = 0
  /** The file's `data_version` when the key was last found to still be the vault's (see requireSealingKey). */
  private keyCheckedAt: number | null = null

  constructor(options: VaultOptions) {
    this.home = options.home
    this.file = vaultFile(options.home)
    this.keychain = options.keychain
    this.now = options.now ?? Date.now
    if (existsSync(this.file)) this.attach()
  }

  // ── status and events ────────────────────────────────────────────────────────────────────────

  async status(): Promise<VaultStatus> {
    if (!this.db) {
      return {
        state: 'absent',
        location: this.home,
        keychain: (await this.isKeychainAvailable()) ? 'available' : 'unavailable',
        slots: { keychain: false, password: false, recovery: false },
        retryAfterMs: 0,
        failedAttempts: 0,
      }
    }
    const kinds = slotKinds(this.db)
    const throttle = this.throttle().state()
    // A vault kept by the keychain alone only ever reads it (to unlock): one lookup says whether that
    // will work. Writing and deleting a probe item — 17 ms of a 150 ms unlock — is for the cases that
    // write: creating a vault, and removing the password (offered only when there is one).
    const usable =
      kinds.has('keychain') && !kinds.has('password')
        ? await this.isKeychainReadable()
        : await this.isKeychainAvailable()
    return {
      state: this.key ? 'unlocked' : 'locked',
      location: this.home,
      keychain: usable ? 'available' : 'unavailable',
      slots: {
        keychain: kinds.has('keychain'),
        password: kinds.has('password'),
        recovery: kinds.has('recovery'),
      },
      retryAfterMs: throttle.retryAfterMs,
      failedAttempts: throttle.failedAttempts,
      keychainCleanupPending: this.keychainCleanupPending(this.db),
    }
  }

  get isUnlocked(): boolean {
    return this.key !== null
  }

  onStateChanged(listener: (status: VaultStatus) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  // ── creation ─────────────────────────────────────────────────────────────────────────────────

  /** A fresh recovery key to show once; nothing is written until `create` gets it back. */
  async prepareCreate(): Promise<{ creationId: string; recoveryKey: string; passwordRequired: boolean }> {
    this.assertAbsent()
    this.dropExpiredCreations()
    const { bytes, text } = generateRecoveryKey()
    wipe(bytes)
    const creationId = randomUUID()
    this.pending.set(creationId, { recoveryKey: text, expiresAt: this.now() + CREATION_TTL_MS })
    this.forgetKeychainState()
    return { creationId, recoveryKey: text, passwordRequired: !(await this.isKeychainAvailable()) }
  }

  async create(request: {
    creationId: string
    recoveryKeyConfirmation: string
    password?: string | undefined
  }): Promise<VaultStatus> {
    this.assertAbsent()
    this.dropExpiredCreations()
    const pending = this.pending.get(request.creationId)
    if (!pending) {
      throw new TwofoldError(
        'creation-expired',
        'This vault setup has expired. Start again to get a new recovery key.',
      )
    }
    if (!recoveryKeysMatch(pending.recoveryKey, request.recoveryKeyConfirmation)) {
      throw new TwofoldError(
        'recovery-key-mismatch',
        'That does not match the recovery key shown. Check what you wrote down and type it again.',
      )
    }
    const { password } = request
    if (password !== undefined) assertStrongPassword(password)
    // A password replaces the keychain rather than adding to it: a key left in the keychain would let
    // anyone at this unlocked computer skip the password.
    const useKeychain = password === undefined
    if (useKeychain && !(await this.isKeychainAvailable())) throw passwordRequired()

    const vaultId = randomUUID()
    const vaultKey = randomSecret(KEY_BYTES)
    const recoveryBytes = parseRecoveryKey(pending.recoveryKey)
    const passwordBytes = password === undefined ? null : Buffer.from(password, 'utf8')
    const slots: PreparedSlot[] = []
    const backupSlots: { kind: 'password' | 'recovery'; slot: string }[] = []
    const recoveryBackupPassword = Buffer.from(backupPasswordFor(pending.recoveryKey), 'utf8')
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

    const account = keychainAccountForVault(vaultId)
    let storedInKeychain = false
    if (useKeychain) {
      try {
        await this.keychain.write(account, vaultKey)
        storedInKeychain = true
        slots.push(keychainSlot())
      } catch (error) {
        wipe(vaultKey)
        if (!(error instanceof KeychainUnavailableError)) throw error
        this.keychainAvailable = false
        throw passwordRequired()
      }
    }

    // Built under a name of its own and moved into place without overwriting: two processes creating
    // a vault here at once each build their own, one move wins, and each deletes only what it made.
    const building = `${this.file}.${randomUUID()}.building`
    try {
      mkdirSync(this.home, { recursive: true, mode: 0o700 })
      const db = openDatabase(building, { mustExist: false })
      try {
        const createdAt = new Date(this.now()).toISOString()
        db.transaction(() => {
          db.prepare('INSERT INTO vault_meta (id, vault_id, created_at, key_check) VALUES (1, ?, ?, ?)').run(
            vaultId,
            createdAt,
            seal(vaultKey, keyCheckPlace(vaultId), KEY_CHECK_PLAINTEXT),
          )
          for (const slot of slots) storeSlot(db, slot, createdAt)
          for (const backup of backupSlots) storeBackupSlot(db, backup.kind, backup.slot, createdAt, vaultKey)
        }).immediate()
      } finally {
        // The last connection's close checkpoints the WAL into the file and removes it.
        db.close()
      }
      moveIntoPlace(building, this.file)
    } catch (error) {
      // Leave nothing half-made behind: no file without slots, no keychain item without a vault.
      removeFiles(building)
      if (storedInKeychain) await this.keychain.remove(account).catch(() => false)
      wipe(vaultKey)
      if (isCode(error, 'EEXIST')) {
        throw new TwofoldError('vault-exists', `A vault already exists in ${this.home}.`)
      }
      throw toStorageError(error, this.home)
    }
    removeFiles(building)

    this.pending.delete(request.creationId)
    this.attach()
    this.key = vaultKey
    return this.changed()
  }

  // ── unlock and lock ──────────────────────────────────────────────────────────────────────────

  async unlock(request: UnlockRequest): Promise<VaultStatus> {
    const db = this.requireDatabase()
    if (this.key) return this.status()
    const generation = this.lockGeneration
    const key =
      request.method === 'keychain'
        ? await this.keyFromKeychain(db)
        : await this.keyFromSlot(
            db,
            request.method,
            request.method === 'password' ? request.password : request.recoveryKey,
          )
    // A lock asked for while the key was being derived wins; so does an unlock that finished first.
    if (generation !== this.lockGeneration || this.key) {
      wipe(key)
      return this.status()
    }
    this.key = key
    await this.finishKeychainCleanup(db)
    if (request.method === 'recovery') await this.upgradeRecoverySlot(db, key, request.recoveryKey)
    if (request.method === 'password') await this.upgradePasswordSlot(db, key, request.password)
    if (request.method !== 'keychain') {
      await this.repairKeychainItem(db, key)
      await this.repairBackupSlot(
        db,
        key,
        request.method,
        request.method === 'password' ? request.password : backupPasswordFor(request.recoveryKey),
      )
    }
    this.bestEffort(() => sealUncheckedBackupSlots(db, key))
    return this.changed()
  }

  /** Overwrites the vault key in memory. Safe when already locked; never fails once the key is gone. */
  async lock(): Promise<VaultStatus> {
    const wasUnlocked = this.key !== null
    this.lockGeneration++
    this.keyCheckedAt = null
    wipe(this.key)
    this.key = null
    if (!wasUnlocked) return this.status()
    try {
      return await this.changed()
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
    if (!this.key) throw new TwofoldError('vault-locked', 'The vault is locked. Unlock it first.')
    return this.key
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
    const db = this.requireDatabase()
    // Once per sealed value (10,000 in an import): a compiled statement, not db.pragma's fresh one.
    const version = cachedStatement(db, 'PRAGMA data_version').pluck().get() as number
    if (version === this.keyCheckedAt) return key
    if (!this.keyMatchesVault(db, key)) {
      void this.lock()
      throw new TwofoldError(
        'vault-locked',
        "The vault's password was changed elsewhere (in the CLI or another copy of Twofold). Nothing was written: unlock with the new password.",
      )
    }
    this.keyCheckedAt = version
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
    return this.requireDatabase()
  }

  requireUnlockedDatabase(): Database.Database {
    this.requireKey()
    return this.requireDatabase()
  }

  // ── password slot ────────────────────────────────────────────────────────────────────────────

  /**
   * Sets or changes the password, and replaces the vault key: a new random key, every sealed value
   * re-sealed under it, the slots and backup slots remade, all in one transaction. An old backup with
   * the old password, or an old keychain item, then opens nothing written from now on.
   */
  async setPassword(request: {
    currentPassword?: string | undefined
    newPassword: string
    /** Needed only for a recovery slot from before migration 007, which cannot be re-wrapped without it. */
    recoveryKey?: string | undefined
  }): Promise<VaultStatus> {
    const db = this.requireUnlockedDatabase()
    if (slotKinds(db).has('password')) await this.verifyCurrentPassword(db, request.currentPassword)
    assertStrongPassword(request.newPassword)
    const recoveryBytes = await this.recoveryKeyForRewrap(db, request.recoveryKey)
    const generation = this.lockGeneration
    const newKey = randomSecret(KEY_BYTES)
    const bytes = Buffer.from(request.newPassword, 'utf8')
    const recoveryBackupPassword =
      request.recoveryKey === undefined ? null : Buffer.from(backupPasswordFor(request.recoveryKey), 'utf8')
    let slot: PreparedSlot
    let backupSlot: string
    let legacyRecovery: PreparedSlot | null = null
    let recoveryBackupSlot: string | null = null
    try {
      slot = await prepareWrappedSlot('password', newKey, bytes)
      backupSlot = JSON.stringify(await aegisPasswordSlot(newKey, bytes))
      if (recoveryBytes) legacyRecovery = await prepareWrappedSlot('recovery', newKey, recoveryBytes)
      if (recoveryBackupPassword)
        recoveryBackupSlot = JSON.stringify(await aegisPasswordSlot(newKey, recoveryBackupPassword))
    } catch (error) {
      wipe(newKey)
      throw error
    } finally {
      wipe(bytes, recoveryBytes, recoveryBackupPassword)
    }
    // Locked while the slots were derived: the old key is gone, and nothing may be re-sealed.
    if (generation !== this.lockGeneration || !this.key) {
      wipe(newKey)
      throw new TwofoldError(
        'vault-locked',
        'The vault was locked before the password changed. Unlock it and try again.',
      )
    }
    const currentKey = this.key
    const hadKeychainSlot = slotKinds(db).has('keychain')
    try {
      const recovery = legacyRecovery ?? rewrapRecoverySlot(db, currentKey, newKey)
      if (!recovery) throw recoveryKeyRequired()
      this.write(() =>
        db
          .transaction(() => {
            const at = new Date(this.now()).toISOString()
            resealAll(db, currentKey, newKey)
            storeSlot(db, slot, at)
            storeSlot(db, recovery, at)
            storeBackupSlot(db, 'password', backupSlot, at, newKey)
            // The Aegis recovery slot wraps under scrypt(recovery key) alone: without that key it cannot
            // follow the new key. It is remade the next time the recovery key is typed; until then the
            // recovery box in every backup (backup-recovery-box.ts) opens them with the recovery key.
            if (recoveryBackupSlot) storeBackupSlot(db, 'recovery', recoveryBackupSlot, at, newKey)
            else db.prepare("DELETE FROM backup_slots WHERE kind = 'recovery'").run()
            if (hadKeychainSlot) {
              removeSlot(db, 'keychain')
              db.prepare('UPDATE vault_meta SET keychain_cleanup_pending = 1 WHERE id = 1').run()
            }
          })
          .immediate(),
      )
    } catch (error) {
      wipe(newKey)
      throw error
    }
    this.key = newKey
    wipe(currentKey)
    // From now on the password is the way in; the old key must not stay where it would bypass it.
    await this.finishKeychainCleanup(db)
    return this.changed()
  }

  /**
   * The recovery key, parsed, when the recovery slot predates migration 007 and so can only be remade
   * with it; null when the slot can be re-wrapped without it.
   */
  private async recoveryKeyForRewrap(
    db: Database.Database,
    recoveryKey: string | undefined,
  ): Promise<Buffer | null> {
    if (recoveryKey === undefined) {
      if (recoverySlotIsLegacy(db)) throw recoveryKeyRequired()
      return null
    }
    const key = await this.keyFromSlot(db, 'recovery', recoveryKey)
    const same = this.key !== null && key.equals(this.key)
    wipe(key)
    if (!same) {
      throw new TwofoldError('vault-tampered', "The recovery key opens a different key than this vault's.")
    }
    return parseRecoveryKey(recoveryKey)
  }

  /**
   * Removes the keychain item of a vault that no longer has a keychain slot. A failure is kept in the
   * vault file, shown in the status and retried at the next unlock: never swallowed.
   */
  private async finishKeychainCleanup(db: Database.Database): Promise<void> {
    if (!this.keychainCleanupPending(db) || slotKinds(db).has('keychain')) return
    try {
      await this.keychain.remove(keychainAccountForVault(this.requireVaultId()))
    } catch {
      return
    }
    this.bestEffort(() => db.prepare('UPDATE vault_meta SET keychain_cleanup_pending = 0 WHERE id = 1').run())
  }

  private keychainCleanupPending(db: Database.Database): boolean {
    const row = db
      .prepare('SELECT keychain_cleanup_pending AS pending FROM vault_meta WHERE id = 1')
      .get() as { pending: number } | undefined
    return row?.pending === 1
  }

  async removePassword(request: { currentPassword: string }): Promise<VaultStatus> {
    const db = this.requireUnlockedDatabase()
    await this.verifyCurrentPassword(db, request.currentPassword)
    // Without a password the keychain becomes the everyday way in, so it must take the key first.
    this.forgetKeychainState()
    if (!(await this.isKeychainAvailable())) {
      throw new TwofoldError(
        'last-slot',
        'No system keychain is available on this computer, so the password is how you unlock the vault every day. Keep the password.',
      )
    }
    try {
      await this.keychain.write(keychainAccountForVault(this.requireVaultId()), this.requireKey())
    } catch (error) {
      if (error instanceof KeychainUnavailableError) throw keychainUnavailable()
      throw error
    }
    this.write(() =>
      db.transaction(() => {
        storeSlot(db, keychainSlot(), new Date(this.now()).toISOString())
        removeSlot(db, 'password')
        // The item now holds the current key and is the way in: nothing is left to remove.
        db.prepare('UPDATE vault_meta SET keychain_cleanup_pending = 0 WHERE id = 1').run()
        db.prepare("DELETE FROM backup_slots WHERE kind = 'password'").run()
      })(),
    )
    return this.changed()
  }

  close(): void {
    this.lockGeneration++
    wipe(this.key)
    this.key = null
    this.pending.clear()
    this.db?.close()
    this.db = null
  }

  // ── internals ────────────────────────────────────────────────────────────────────────────────

  private attach(): void {
    this.db = openDatabase(this.file, { mustExist: true })
    const meta = this.db.prepare('SELECT vault_id FROM vault_meta WHERE id = 1').get() as
      { vault_id: string } | undefined
    if (!meta) {
      this.db.close()
      this.db = null
      throw new TwofoldError('vault-corrupt', `The vault file in ${this.home} has no vault in it.`)
    }
    this.vaultId = meta.vault_id
  }

  private async keyFromKeychain(db: Database.Database): Promise<Buffer> {
    if (!slotKinds(db).has('keychain')) {
      throw new TwofoldError(
        'slot-missing',
        'This vault is protected by its password, not the system keychain. Enter the password.',
      )
    }
    let stored: Buffer | null
    try {
      stored = await this.keychain.read(keychainAccountForVault(this.requireVaultId()))
    } catch (error) {
      if (error instanceof KeychainUnavailableError) {
        this.keychainReadable = false
        throw keychainUnavailable()
      }
      throw error
    }
    if (!stored) {
      this.forgetKeychainState()
      if (!(await this.isKeychainAvailable())) throw keychainUnavailable()
      throw new TwofoldError(
        'keychain-item-missing',
        "The system keychain no longer holds this vault's key (a new computer or a reset keychain). Unlock with your password or recovery key; Twofold will store the key again.",
      )
    }
    if (stored.length !== KEY_BYTES || !this.keyMatchesVault(db, stored)) {
      wipe(stored)
      throw new TwofoldError(
        'keychain-key-mismatch',
        'The key in the system keychain does not open this vault. Unlock with your password or recovery key; Twofold will replace it.',
      )
    }
    return stored
  }

  private async keyFromSlot(
    db: Database.Database,
    kind: 'password' | 'recovery',
    secretText: string,
  ): Promise<Buffer> {
    // One derivation at a time per vault in this process; the count in the file covers other processes.
    const turn = this.attemptQueue.then(() => this.attemptKeyFromSlot(db, kind, secretText))
    this.attemptQueue = turn.then(
      () => undefined,
      () => undefined,
    )
    return turn
  }

  private async attemptKeyFromSlot(
    db: Database.Database,
    kind: 'password' | 'recovery',
    secretText: string,
  ): Promise<Buffer> {
    const slot = readWrappedSlot(db, kind)
    // A recovery key that is not even well-formed is a typo, not a guess: it does not count.
    const secret = kind === 'recovery' ? parseRecoveryKey(secretText) : Buffer.from(secretText, 'utf8')
    let key: Buffer | null
    try {
      const throttle = this.throttle()
      // A full or read-only disk cannot take the count; it must still not keep people from their
      // codes. The check alone then holds, and the queue above keeps this process to one guess at a time.
      const decision = this.bestEffort(() => throttle.beginAttempt()) ?? checkOnly(throttle.state())
      if (!decision.allowed) throw throttled(decision.retryAfterMs)
      key = await unwrapWrappedSlot(slot, secret)
      if (!key) {
        const after = throttle.state()
        throw wrongSecret(kind, after.failedAttempts, after.retryAfterMs)
      }
      // A reset that cannot be written only keeps the count stricter.
      this.bestEffort(() => throttle.reset())
    } finally {
      wipe(secret)
    }
    if (!this.keyMatchesVault(db, key)) {
      wipe(key)
      throw new TwofoldError(
        'vault-tampered',
        "The vault's key check failed: the file was altered. Nothing was unlocked.",
      )
    }
    return key
  }

  private async verifyCurrentPassword(db: Database.Database, password: string | undefined): Promise<void> {
    if (password === undefined) {
      throw new TwofoldError('wrong-password', 'Enter the current password to change it.')
    }
    const key = await this.keyFromSlot(db, 'password', password)
    wipe(key)
  }

  /**
   * Asks for the password again before showing what must not appear by accident (a whole backup-code
   * set). Counted against the same throttle as unlocking.
   */
  async confirmPassword(password: string): Promise<void> {
    await this.verifyCurrentPassword(this.requireUnlockedDatabase(), password)
  }

  /**
   * Before a secret leaves: the password again when the vault has one — a page cannot produce it
   * without the person. With no password slot there is nothing to ask, and main's own confirmation is
   * the gate. Read from the slots rather than status(), which would ask the keychain for nothing.
   */
  async confirmPasswordIfSet(password: string | undefined, toDoWhat: string): Promise<void> {
    const db = this.requireUnlockedDatabase()
    if (!slotKinds(db).has('password')) return
    if (password === undefined)
      throw new TwofoldError('wrong-password', `Enter the vault password to ${toDoWhat}.`, {
        field: 'password',
      })
    await this.verifyCurrentPassword(db, password)
  }

  /**
   * A recovery slot from before migration 007 wraps under scrypt alone; with the recovery key in hand,
   * remake it as one a new vault key can be wrapped to.
   */
  private async upgradeRecoverySlot(db: Database.Database, key: Buffer, recoveryKey: string): Promise<void> {
    if (this.bestEffort(() => recoverySlotIsLegacy(db)) !== true) return
    await this.remakeSlot(db, key, 'recovery', parseRecoveryKey(recoveryKey))
  }

  /** A scrypt password slot (from before Argon2id) is remade with Argon2id while the password is in hand. */
  private async upgradePasswordSlot(db: Database.Database, key: Buffer, password: string): Promise<void> {
    if (this.bestEffort(() => passwordSlotIsScrypt(db)) !== true) return
    await this.remakeSlot(db, key, 'password', Buffer.from(password, 'utf8'))
  }

  /**
   * Best effort: the unlock has already succeeded, and an old slot still opens. Wipes `secret`; stores
   * nothing if the vault was locked (or its key replaced) while the slot was derived.
   */
  private async remakeSlot(
    db: Database.Database,
    key: Buffer,
    kind: 'recovery' | 'password',
    secret: Buffer,
  ): Promise<void> {
    let slot: PreparedSlot
    try {
      slot = await prepareWrappedSlot(kind, key, secret)
    } catch {
      return
    } finally {
      wipe(secret)
    }
    if (this.key !== key) return
    this.bestEffort(() => storeSlot(db, slot, new Date(this.now()).toISOString()))
  }

  /** After unlocking without the keychain, put the key back if the item went missing. */
  private async repairKeychainItem(db: Database.Database, key: Buffer): Promise<void> {
    if (!slotKinds(db).has('keychain')) return
    const account = keychainAccountForVault(this.requireVaultId())
    try {
      const stored = await this.keychain.read(account)
      const good = stored !== null && stored.length === KEY_BYTES && stored.equals(key)
      wipe(stored)
      if (!good) await this.keychain.write(account, key)
    } catch {
      // Still no keychain: the password and recovery slots keep working, and status says so.
    }
  }

  /**
   * Remakes the backup slot of the secret just typed when it is missing (a vault from before backups)
   * or damaged, so backups open with that secret again. The secret is only ever in hand at unlock.
   */
  private async repairBackupSlot(
    db: Database.Database,
    key: Buffer,
    kind: BackupSlotKind,
    backupPassword: string,
  ): Promise<void> {
    if (this.bestEffort(() => backupSlotNeedsRepair(db, kind, key)) !== true) return
    const secret = Buffer.from(backupPassword, 'utf8')
    let slot: string
    try {
      slot = JSON.stringify(await aegisPasswordSlot(key, secret))
    } catch {
      return
    } finally {
      wipe(secret)
    }
    // Locked meanwhile: the key was wiped under the slot, which must then not be stored.
    if (this.key !== key) return
    this.bestEffort(() => storeBackupSlot(db, kind, slot, new Date(this.now()).toISOString(), key))
  }

  /** Upkeep an unlock can do without: a full disk must not keep people from reading their codes. */
  private bestEffort<T>(work: () => T): T | undefined {
    try {
      return work()
    } catch {
      return undefined
    }
  }

  private keyMatchesVault(db: Database.Database, key: Buffer): boolean {
    const row = db.prepare('SELECT key_check FROM vault_meta WHERE id = 1').get() as
      { key_check: Buffer } | undefined
    if (!row) return false
    try {
      const plain = open(key, keyCheckPlace(this.requireVaultId()), row.key_check)
      const ok = plain.equals(KEY_CHECK_PLAINTEXT)
      wipe(plain)
      return ok
    } catch {
      return false
    }
  }

  private throttle(): UnlockThrottle {
    return new UnlockThrottle(this.requireDatabase(), this.now)
  }

  private async isKeychainAvailable(): Promise<boolean> {
    this.keychainAvailable ??= await this.keychain.isAvailable()
    return this.keychainAvailable
  }

  private async isKeychainReadable(): Promise<boolean> {
    // What a write probe found answers this too.
    this.keychainReadable ??= this.keychainAvailable ?? (await this.keychain.isReadable())
    return this.keychainReadable
  }

  /** The keychain may have come or gone: the next status asks it again. */
  private forgetKeychainState(): void {
    this.keychainAvailable = null
    this.keychainReadable = null
  }

  private write<T>(work: () => T): T {
    try {
      return work()
    } catch (error) {
      throw toStorageError(error, this.home)
    }
  }

  private requireDatabase(): Database.Database {
    if (!this.db) throw new TwofoldError('vault-absent', 'There is no vault here yet. Create one first.')
    return this.db
  }

  private requireVaultId(): string {
    if (!this.vaultId) throw new TwofoldError('vault-absent', 'There is no vault here yet. Create one first.')
    return this.vaultId
  }

  private assertAbsent(): void {
    if (this.db || existsSync(this.file)) {
      throw new TwofoldError('vault-exists', `A vault already exists in ${this.home}.`)
    }
  }

  private dropExpiredCreations(): void {
    for (const [id, pending] of this.pending) if (pending.expiresAt <= this.now()) this.pending.delete(id)
  }

  /**
   * Tells every listener, even when one fails (a window must hear that the vault locked even if the
   * audit log could not record it), then reports the first failure.
   */
  private async changed(): Promise<VaultStatus> {
    const status = await this.status()
    const failures: unknown[] = []
    for (const listener of this.listeners) {
      try {
        listener(status)
      } catch (error) {
        failures.push(error)
      }
    }
    if (failures.length > 0) throw toStorageError(failures[0], this.home)
    return status
  }
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

function keyCheckPlace(vaultId: string) {
  return { table: 'vault_meta', row: vaultId, column: 'key_check' }
}

function assertStrongPassword(password: string): void {
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    throw new TwofoldError('weak-password', `Use a password of at least ${MIN_PASSWORD_LENGTH} characters.`)
  }
}

function recoveryKeyRequired(): TwofoldError {
  return new TwofoldError(
    'recovery-key-required',
    'This vault was made by an earlier Twofold: changing its password makes a new vault key, and its recovery slot can only be remade with the recovery key. Enter your recovery key too.',
  )
}

function passwordRequired(): TwofoldError {
  return new TwofoldError(
    'password-required',
    'No system keychain is available on this computer, so the vault needs a password to protect its key.',
  )
}

function keychainUnavailable(): TwofoldError {
  return new TwofoldError(
    'keychain-unavailable',
    'The system keychain cannot be reached, so Twofold cannot unlock by itself. Unlock with your password or recovery key.',
  )
}

function checkOnly(state: ThrottleState): AttemptDecision {
  return { ...state, allowed: state.retryAfterMs === 0 }
}

function throttled(retryAfterMs: number): TwofoldError {
  const seconds = Math.ceil(retryAfterMs / 1000)
  return new TwofoldError('throttled', `Too many failed attempts. Try again in ${seconds} s.`, {
    retryAfterMs,
  })
}

function wrongSecret(
  kind: 'password' | 'recovery',
  failedAttempts: number,
  retryAfterMs: number,
): TwofoldError {
  const what = kind === 'password' ? 'That password is wrong.' : 'That recovery key is wrong.'
  const left = FREE_ATTEMPTS - failedAttempts
  const tail =
    retryAfterMs > 0
      ? ` Too many failed attempts: wait ${Math.ceil(retryAfterMs / 1000)} s before trying again.`
      : left <= 2
        ? ` ${left} more ${left === 1 ? 'try' : 'tries'} before Twofold makes you wait.`
        : ''
  return new TwofoldError(kind === 'password' ? 'wrong-password' : 'wrong-recovery-key', what + tail, {
    ...(retryAfterMs > 0 ? { retryAfterMs } : {}),
  })
}
