import Database from 'better-sqlite3'
import { chmodSync, closeSync, existsSync, openSync } from 'node:fs'
import { dirname } from 'node:path'
import { reportStorageErrors, withStorageErrors } from './storage-errors.ts'
import { migrate } from './migrate.ts'

export interface OpenDatabaseOptions {
  /** Open only if the file exists; never create one (a locked or absent vault must not leave files). */
  mustExist: boolean
  /** How long a write waits for another process's; past it the write fails as `vault-busy`. */
  busyTimeoutMs?: number
}

/**
 * Long enough for what another process may hold the write lock for (an import, a password change
 * re-sealing a large vault, a team's first sync), so parallel scripts wait their turn; short enough
 * that a process stuck holding it is reported rather than waited on forever.
 */
export const BUSY_TIMEOUT_MS = 30_000

/**
 * Opens the vault file with the settings every connection needs: WAL so the app and the CLI can read
 * while the other writes, foreign keys on (SQLite defaults them off), and a busy timeout so a lock held
 * by another process waits instead of failing (BUSY_TIMEOUT_MS; then `vault-busy`). A full or
 * read-only disk surfaces as a TwofoldError from every statement on the connection.
 *
 * `synchronous = FULL`: in WAL mode NORMAL may lose the last commits on a power cut — a "backup code
 * used" that then comes back as unused. FULL syncs the WAL at every commit (see docs/benchmarks.md
 * for what it costs). The file and its -wal and -shm are the owner's alone, whatever the umask.
 */
export function openDatabase(file: string, options: OpenDatabaseOptions): Database.Database {
  const folder = dirname(file)
  return withStorageErrors(folder, () => {
    // Made here, 0600, before SQLite would make it 0644 under the usual umask.
    if (!options.mustExist && !existsSync(file)) closeSync(openSync(file, 'wx', 0o600))
    const db = reportStorageErrors(new Database(file, { fileMustExist: options.mustExist }), folder)
    try {
      db.pragma('journal_mode = WAL')
      db.pragma('synchronous = FULL')
      ownerOnly(file)
      db.pragma('foreign_keys = ON')
      db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? BUSY_TIMEOUT_MS))}`)
      db.pragma('secure_delete = ON')
      migrate(db)
      return db
    } catch (error) {
      db.close()
      throw error
    }
  })
}

/** SQLite gives -wal and -shm the main file's mode; a file from before this rule is tightened too. */
function ownerOnly(file: string): void {
  for (const path of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      chmodSync(path, 0o600)
    } catch {
      // Absent (no WAL yet) or a read-only disk: nothing to tighten, and nothing to fail over.
    }
  }
}
