import { lstatSync, mkdirSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { AccountTransfer } from '../accounts/account-transfer.ts'
import { wipe } from '../crypto/secret-bytes.ts'
import { TwofoldError } from '../errors.ts'
import { writeFileAtomically } from '../files/write-file-atomically.ts'
import { toStorageError } from '../store/storage-errors.ts'
import type { Vault } from '../vault/vault.ts'
import type { AegisPasswordSlot } from '../crypto/aegis-password-slot.ts'
import { encryptedAegisVault } from './aegis-vault-writer.ts'

export const BACKUP_PREFIX = 'twofold-backup-'
/** twofold-backup-<vault tag>-<UTC stamp>[-n].json; backups from before the tag have none. */
const BACKUP_PATTERN = /^twofold-backup-(?:([0-9a-f]{8})-)?(\d{8}T\d{6}Z)(?:-(\d+))?\.json$/
const LEGACY_PARTIAL = /^twofold-backup-[0-9A-Za-z-]{1,40}\.json\.partial$/
/** Without a backup for this long, the window reminds the person. */
export const BACKUP_REMINDER_DAYS = 7

export interface BackupFile {
  file: string
  name: string
  createdAt: string
  bytes: number
  /** The first 8 hex digits of the id of the vault that wrote it; null for a backup older than that. */
  vaultTag: string | null
}

/**
 * Encrypted backups of the whole vault in Aegis's format, written to a folder and pruned to the last
 * N. They are sealed with the vault key itself and carry the vault's backup slots and a recovery box,
 * so one opens with the vault's password or recovery key — on a new machine, without the keychain
 * item, and after a password change replaced the vault key.
 *
 * Each name carries its vault's tag, so vaults sharing a folder (a synced one) count and prune only
 * their own. Every backup in the folder stays listed, though: restoring another vault's backup is how
 * a new computer gets its accounts back.
 */
export class BackupService {
  readonly #vault: Vault
  readonly #transfer: AccountTransfer
  readonly #now: () => number

  constructor(vault: Vault, transfer: AccountTransfer, now: () => number = Date.now) {
    this.#vault = vault
    this.#transfer = transfer
    this.#now = now
  }

  backupNow(folder: string, keep: number): BackupFile {
    const slots = this.#vault.backupSlots().map((slot) => JSON.parse(slot) as AegisPasswordSlot)
    // No Aegis slot means the file was altered or predates backup slots. The recovery box alone would
    // give a backup the password does not open and Aegis cannot read: refused, and the next unlock
    // with either secret remakes its slot, as the message says.
    if (slots.length === 0) {
      throw new TwofoldError(
        'slot-missing',
        'This vault has no backup slots yet. Unlock it with the recovery key once to create them.',
      )
    }
    const recovery = this.#vault.backupRecoveryRecipient()
    const { entries, withoutAuthenticator } = this.#transfer.exportEntries({ complete: true })
    let json: string
    try {
      json = encryptedAegisVault(entries, this.#vault.requireKey(), slots, withoutAuthenticator, recovery)
    } finally {
      for (const entry of entries) wipe(entry.secret)
    }
    const stamp = new Date(this.#now())
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d+Z$/, 'Z')
    const named = `${BACKUP_PREFIX}${this.#ownTag()}-${stamp}`
    try {
      mkdirSync(folder, { recursive: true, mode: 0o700 })
      let name = `${named}.json`
      for (let n = 2; this.#exists(join(folder, name)); n++) name = `${named}-${n}.json`
      const file = join(folder, name)
      // A crash or a full disk never leaves a half backup that looks whole.
      writeFileAtomically(file, json)
      this.#transfer.recordExport(`backup ${name} (${entries.length + withoutAuthenticator.length} accounts)`)
      this.prune(folder, keep)
      return {
        file,
        name,
        createdAt: new Date(this.#now()).toISOString(),
        bytes: Buffer.byteLength(json),
        vaultTag: this.#ownTag(),
      }
    } catch (error) {
      throw toStorageError(error, folder)
    }
  }

  list(folder: string): BackupFile[] {
    let names: string[]
    try {
      names = readdirSync(folder)
    } catch {
      return []
    }
    return names
      .map((name) => ({ name, match: BACKUP_PATTERN.exec(name) }))
      .filter((entry): entry is { name: string; match: RegExpExecArray } => entry.match !== null)
      .map(({ name, match }) => {
        const vaultTag = match[1] ?? null
        const stamp = match[2] ?? ''
        const createdAt = `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13, 15)}Z`
        // Several backups in one second are numbered -2, -3…: newest is the highest number.
        const order = `${stamp}-${(match[3] ?? '1').padStart(6, '0')}`
        // Not following links: only a real file in the folder is a backup (a link may point anywhere).
        const stats = lstatSync(join(folder, name), { throwIfNoEntry: false })
        if (!stats?.isFile()) return null
        return { file: join(folder, name), name, createdAt, bytes: stats.size, vaultTag, order }
      })
      .filter((backup) => backup !== null)
      .sort((a, b) => b.order.localeCompare(a.order))
      .map(({ order: _order, ...backup }) => backup)
  }

  /** This vault's backups in the folder, newest first. Needs the vault unlocked (its id is inside). */
  listOwn(folder: string): BackupFile[] {
    const tag = this.#ownTag()
    return this.list(folder).filter((backup) => backup.vaultTag === tag)
  }

  /**
   * Keeps this vault's newest `keep` backups and removes its older ones. Another vault's backups are
   * never touched, nor untagged ones from before backups named their vault: whose they are cannot be
   * told, and deleting another vault's only backup would be far worse than the space they take.
   */
  prune(folder: string, keep: number): void {
    for (const old of this.listOwn(folder).slice(Math.max(1, keep))) rmSync(old.file, { force: true })
    // Half-written backups an earlier version left after a crash: never whole, so no one's backup.
    for (const name of readdirSync(folder)) {
      if (LEGACY_PARTIAL.test(name)) rmSync(join(folder, name), { force: true })
    }
  }

  reminderDue(folder: string): boolean {
    const [latest] = this.listOwn(folder)
    if (!latest) return true
    return this.#now() - Date.parse(latest.createdAt) > BACKUP_REMINDER_DAYS * 24 * 60 * 60_000
  }

  /** The vault id's first 8 hex digits: enough to tell the vaults of one person or team apart. */
  #ownTag(): string {
    const row = this.#vault
      .requireUnlockedDatabase()
      .prepare('SELECT vault_id FROM vault_meta WHERE id = 1')
      .get() as { vault_id: string } | undefined
    if (!row) throw new TwofoldError('vault-corrupt', 'The vault file has no vault id.')
    return row.vault_id.replace(/-/g, '').slice(0, 8).toLowerCase()
  }

  #exists(file: string): boolean {
    try {
      // Not following links: a name taken by a link is taken.
      lstatSync(file)
      return true
    } catch {
      return false
    }
  }
}
