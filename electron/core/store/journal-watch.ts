import type Database from 'better-sqlite3'
import { changesSince, journalHead } from './change-journal.ts'
import { cachedStatement } from './statement-cache.ts'

// Tells the app what changed in the vault, from the journal, wherever the write came from: this
// process, the CLI on the same vault, or (next) team sync. Another connection's commit is seen by
// `PRAGMA data_version` (cheap, no table read), so between changes a check costs one pragma.

export interface VaultChanges {
  /** The journal's newest sequence: everything up to it has been reported. */
  sequence: number
  /** The tables that changed since the last report, sorted. */
  tables: string[]
}

/** How many journal rows one check reads at most; past that it reports every table as changed. */
const MAX_ROWS_PER_CHECK = 10_000
const ALL_TABLES = [
  'accounts',
  'authenticators',
  'backup_code_sets',
  'backup_codes',
  'clients',
  'phone_methods',
  'settings',
  'team_backup_code_sets',
]

export class JournalWatch {
  readonly #database: () => Database.Database | null
  readonly #report: (changes: VaultChanges) => void
  readonly #intervalMs: number
  #seen: { db: Database.Database; sequence: number; dataVersion: number; ownChanges: number } | null = null
  #timer: NodeJS.Timeout | null = null

  /** `database` answers the open vault's connection, or null while it is locked. */
  constructor(
    database: () => Database.Database | null,
    report: (changes: VaultChanges) => void,
    intervalMs = 1000,
  ) {
    this.#database = database
    this.#report = report
    this.#intervalMs = intervalMs
  }

  start(): void {
    if (this.#timer !== null) return
    this.#timer = setInterval(() => this.check(), this.#intervalMs)
    // A watch must not keep a process alive on its own.
    this.#timer.unref()
  }

  stop(): void {
    if (this.#timer !== null) clearInterval(this.#timer)
    this.#timer = null
  }

  /**
   * Reports what changed since the last check, if anything. Called on a timer for other processes'
   * writes, and right after this process's own writes so its windows need not wait for the timer.
   */
  check(): void {
    const db = this.#database()
    if (db === null) {
      // Locked: start again from the journal's head at the next unlock; what changed while locked is
      // reported then as one change (the windows reload everything after an unlock anyway).
      this.#seen = null
      return
    }
    // Once a second for as long as the vault is open: both statements are prepared once per database.
    const dataVersion = cachedStatement(db, 'PRAGMA data_version').pluck().get() as number
    const ownChanges = (cachedStatement(db, 'SELECT total_changes()').pluck().get() as number) ?? 0
    const seen = this.#seen
    if (seen === null || seen.db !== db) {
      this.#seen = { db, sequence: journalHead(db), dataVersion, ownChanges }
      return
    }
    if (seen.dataVersion === dataVersion && seen.ownChanges === ownChanges) return
    const changes = changesSince(db, seen.sequence, MAX_ROWS_PER_CHECK)
    const head = changes.at(-1)?.sequence ?? seen.sequence
    const tables =
      changes.length === MAX_ROWS_PER_CHECK
        ? ALL_TABLES
        : [...new Set(changes.map((change) => change.table))].sort()
    this.#seen = {
      db,
      sequence: changes.length === MAX_ROWS_PER_CHECK ? journalHead(db) : head,
      dataVersion,
      ownChanges,
    }
    if (tables.length > 0) this.#report({ sequence: this.#seen.sequence, tables })
  }
}
