import Database from 'better-sqlite3'
import { tooLarge, unreadable } from './import-errors.ts'
import type { ImportSample } from './import-sample.ts'
import { MAX_IMPORT_ENTRIES } from './import-limits.ts'

// SQLite databases copied off a (rooted) phone: Google Authenticator's `databases`, Microsoft
// Authenticator's `PhoneFactor`, Stratum's `authenticator.db3`. Each is opened from the imported
// bytes alone (SQLite "deserialize": an in-memory copy, no file), read-only, and only asked for named
// columns of named tables. A database file is a program of sorts (views, generated columns, virtual
// tables run code when read), so this module refuses anything but plain tables and plain columns,
// keeps temporary data in memory, and counts rows before reading them.

export const SQLITE_MAGIC = 'SQLite format 3\0'

/** What one row holds: SQLite's dynamic types as better-sqlite3 returns them. */
export type Row = Record<string, unknown>

export interface AppDatabase {
  /** Table name → its plain columns (lower-cased names), for detection and for choosing columns. */
  readonly tables: ReadonlyMap<string, ReadonlySet<string>>
  /**
   * `SELECT <columns> FROM <table>` (only columns the table has; others read as undefined), at most
   * MAX_IMPORT_ENTRIES rows or `import-too-large`.
   */
  rows(table: string, columns: readonly string[], orderBy?: string): Row[]
  close(): void
}

/**
 * What this module needs of a connection. better-sqlite3 (plain databases, from bytes) and
 * better-sqlite3-multiple-ciphers (SQLCipher files, which need a path) both provide it.
 */
export interface SqliteConnection {
  prepare(sql: string): { all(...parameters: unknown[]): unknown[]; get(...parameters: unknown[]): unknown }
  pragma(source: string): unknown
  unsafeMode(unsafe?: boolean): unknown
  close(): unknown
}

export function looksLikeSqlite(bytes: Uint8Array): boolean {
  return bytes.length >= 100 && Buffer.from(bytes.subarray(0, 16)).toString('latin1') === SQLITE_MAGIC
}

/** Opens the bytes as a read-only in-memory database, or throws `import-unreadable` naming `kind`. */
export function openAppDatabase(bytes: Uint8Array, kind: string): AppDatabase {
  if (!looksLikeSqlite(bytes)) throw unreadable(`This ${kind} is not an SQLite database.`)
  // A copy: the WAL marker is cleared in it (below), and SQLite keeps its own copy anyway.
  const image = Buffer.from(bytes)
  // Bytes 18–19 are the file format's write/read versions; 2 means WAL mode. An in-memory database
  // cannot be opened in WAL mode, and the `-wal` file beside it on the phone is not part of the
  // import either, so the main file is read as a rollback-journal database, which it also is.
  if (image[18] === 2) image[18] = 1
  if (image[19] === 2) image[19] = 1
  let db: Database.Database
  try {
    db = new Database(image, { readonly: true })
  } catch {
    throw unreadable(`This ${kind} is damaged: SQLite cannot open it.`)
  } finally {
    image.fill(0)
  }
  return appDatabaseOf(db, kind)
}

/** Hardens an open connection and lists its tables; closes it if either fails. */
export function appDatabaseOf(db: SqliteConnection, kind: string): AppDatabase {
  try {
    hardenConnection(db)
    return wrap(db, tablesOf(db), kind)
  } catch (error) {
    db.close()
    throw asImportError(error, kind)
  }
}

/** Settings every import connection gets: nothing from the file may run code or touch the disk. */
export function hardenConnection(db: SqliteConnection): void {
  db.unsafeMode(false)
  // Functions the schema names (in views, defaults, generated columns) cannot have side effects.
  db.pragma('trusted_schema = OFF')
  db.pragma('query_only = ON')
  // Sorting and joins spill to temporary files by default; an import writes nothing to disk.
  db.pragma('temp_store = MEMORY')
}

/** Plain tables (not views, not virtual tables) and their plain (not generated, not hidden) columns. */
export function tablesOf(db: SqliteConnection): Map<string, Set<string>> {
  const tables = new Map<string, Set<string>>()
  const listed = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' LIMIT 1001").all() as {
    name: unknown
    sql: unknown
  }[]
  if (listed.length > 1000) throw tooLarge('This database has more tables than any app database.')
  for (const { name, sql } of listed) {
    if (typeof name !== 'string' || typeof sql !== 'string') continue
    if (/^\s*create\s+virtual\b/i.test(sql) || name.startsWith('sqlite_')) continue
    const columns = db.prepare('SELECT name, hidden FROM pragma_table_xinfo(?)').all(name) as {
      name: unknown
      hidden: unknown
    }[]
    tables.set(
      name.toLowerCase(),
      new Set(
        columns
          .filter((column) => column.hidden === 0 && typeof column.name === 'string')
          .map((column) => (column.name as string).toLowerCase()),
      ),
    )
  }
  return tables
}

function quoteName(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}

function wrap(db: SqliteConnection, tables: Map<string, Set<string>>, kind: string): AppDatabase {
  return {
    tables,
    rows(table, columns, orderBy) {
      const have = tables.get(table.toLowerCase())
      if (have === undefined) throw unreadable(`This ${kind} has no ${table} table.`)
      const present = columns.filter((column) => have.has(column.toLowerCase()))
      if (present.length === 0) throw unreadable(`This ${kind} has none of the expected columns.`)
      try {
        const from = `FROM ${quoteName(table)}`
        const count = db.prepare(`SELECT count(*) AS n ${from}`).get() as { n: number }
        if (count.n > MAX_IMPORT_ENTRIES) {
          throw tooLarge(`This ${kind} holds more than ${MAX_IMPORT_ENTRIES} rows.`)
        }
        const order =
          orderBy !== undefined && have.has(orderBy.toLowerCase()) ? ` ORDER BY ${quoteName(orderBy)}` : ''
        const select = `SELECT ${present.map(quoteName).join(', ')} ${from}${order} LIMIT ${MAX_IMPORT_ENTRIES}`
        return db.prepare(select).all() as Row[]
      } catch (error) {
        throw asImportError(error, kind)
      }
    },
    close: () => db.close(),
  }
}

/** SQLite's own errors (a corrupt page, a malformed schema) become `import-unreadable`. */
export function asImportError(error: unknown, kind: string): unknown {
  return isSqliteError(error) ? unreadable(`This ${kind} is damaged: SQLite cannot read it.`) : error
}

/** Either binding's SqliteError: its code is one of SQLite's result codes. */
export function isSqliteError(error: unknown): error is Error & { code: string } {
  if (!(error instanceof Error)) return false
  const code: unknown = (error as Error & { code?: unknown }).code
  return typeof code === 'string' && code.startsWith('SQLITE_')
}

/** Opens, reads and always closes. */
export function withAppDatabase<T>(bytes: Uint8Array, kind: string, read: (db: AppDatabase) => T): T {
  const db = openAppDatabase(bytes, kind)
  try {
    return read(db)
  } finally {
    db.close()
  }
}

const sampleTables = new WeakMap<ImportSample, ReadonlyMap<string, ReadonlySet<string>> | null>()

/**
 * The tables of an imported file that is an SQLite database, or null: for detectors, computed once per
 * sample however many detectors ask, and never throws.
 */
export function sqliteTablesOf(sample: ImportSample): ReadonlyMap<string, ReadonlySet<string>> | null {
  if (!looksLikeSqlite(sample.bytes)) return null
  const known = sampleTables.get(sample)
  if (known !== undefined) return known
  let tables: ReadonlyMap<string, ReadonlySet<string>> | null
  try {
    const db = openAppDatabase(sample.bytes, 'database')
    tables = db.tables
    db.close()
  } catch {
    tables = null
  }
  sampleTables.set(sample, tables)
  return tables
}

/** Whether `table` exists with every one of `columns`. */
export function hasColumns(
  tables: ReadonlyMap<string, ReadonlySet<string>> | null,
  table: string,
  columns: readonly string[],
): boolean {
  const have = tables?.get(table)
  return have !== undefined && columns.every((column) => have.has(column))
}

// Typed reads of one row's values. SQLite stores whatever it was given, so every value is checked.

export function textOf(row: Row, column: string, what: string): string | undefined {
  const value = row[column]
  if (value === null || value === undefined) return undefined
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'bigint') return String(value)
  throw unreadable(`${what} is not text`)
}

export function integerOf(row: Row, column: string, what: string): number | undefined {
  const value = row[column]
  if (value === null || value === undefined) return undefined
  const number = typeof value === 'string' && /^\s*-?\d{1,15}\s*$/.test(value) ? Number(value) : value
  if (typeof number !== 'number' || !Number.isSafeInteger(number))
    throw unreadable(`${what} is not a whole number`)
  return number
}
