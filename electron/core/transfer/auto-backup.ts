import { join } from 'node:path'
import { realTimers, type Timers } from '../clipboard/clipboard-guard.ts'
import type { AppPreferencesStore } from '../preferences/app-preferences.ts'
import type { Vault } from '../vault/vault.ts'
import type { BackupService } from './backup-service.ts'

/** Changes in a burst (a bulk edit, an import) make one backup, written this long after the last one. */
export const BACKUP_DELAY_MS = 10_000

/**
 * Writes an encrypted backup shortly after the vault changes, when automatic backups are on. A
 * failure (a full or missing backup drive) is reported, never thrown into the change that caused it.
 */
export class AutoBackup {
  readonly #vault: Vault
  readonly #backups: BackupService
  readonly #preferences: AppPreferencesStore
  readonly #timers: Timers
  readonly #report: (problem: string | null) => void
  #timer: unknown = null

  constructor(options: {
    vault: Vault
    backups: BackupService
    preferences: AppPreferencesStore
    timers?: Timers
    report?: (problem: string | null) => void
  }) {
    this.#vault = options.vault
    this.#backups = options.backups
    this.#preferences = options.preferences
    this.#timers = options.timers ?? realTimers
    this.#report = options.report ?? (() => undefined)
  }

  folder(): string {
    return this.#preferences.read().backupFolder ?? join(this.#vault.home, 'backups')
  }

  changed(): void {
    if (!this.#preferences.read().autoBackup) return
    if (this.#timer !== null) this.#timers.clearTimeout(this.#timer)
    this.#timer = this.#timers.setTimeout(() => this.#run(), BACKUP_DELAY_MS)
  }

  #run(): void {
    this.#timer = null
    // Locked in the meantime: the key is gone, so the next change after unlocking will back up.
    if (!this.#vault.isUnlocked) return
    try {
      this.#backups.backupNow(this.folder(), this.#preferences.read().backupKeep)
      this.#report(null)
    } catch (error) {
      this.#report(error instanceof Error ? error.message : 'The backup could not be written.')
    }
  }

  stop(): void {
    if (this.#timer !== null) this.#timers.clearTimeout(this.#timer)
    this.#timer = null
  }
}
