import Database from 'better-sqlite3'
import { dirname } from 'node:path'
import { reportStorageErrors, withStorageErrors } from './storage-errors.ts'
import { migrate } from './migrate.ts'

export interface OpenDatabaseOptions {
  /** Open only if the file exists; never create one (a locked or absent vault must not leave files). */
  mustExist: boolean
}

/**
 * Opens the vault file with the settings every connection needs: WAL so the app and the CLI can read
 * while the other writes, foreign keys on (SQLite defaults them off), and a busy timeout so a brief
 * lock held by the other process waits instead of failing. A full or read-only disk surfaces as a
 * TwofoldError from every statement on the connection.
 */
export function openDatabase(file: string, options: OpenDatabaseOptions): Database.Database {
  const folder = dirname(file)
  return withStorageErrors(folder, () => {
    const db = reportStorageErrors(new Database(file, { fileMustExist: options.mustExist }), folder)
    try {
      db.pragma('journal_mode = WAL')
      db.pragma('foreign_keys = ON')
      db.pragma('busy_timeout = 5000')
      db.pragma('secure_delete = ON')
      migrate(db)
      return db
    } catch (error) {
      db.close()
      throw error
    }
  })
}
