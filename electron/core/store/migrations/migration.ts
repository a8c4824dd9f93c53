import type Database from 'better-sqlite3'

export interface Migration {
  /** Becomes `PRAGMA user_version` once applied; numbered files keep the order obvious. */
  version: number
  name: string
  up(db: Database.Database): void
}
