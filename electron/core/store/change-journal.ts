import type Database from 'better-sqlite3'
import { cachedStatement } from './statement-cache.ts'

// Reading the change journal (migration 008): the triggers write it in the same transaction as each
// write to the vault's data, whoever wrote, so "what changed since sequence N" is one query — for the
// windows' refresh after the CLI wrote, and next for team sync. It names tables and rows, never values.

export interface JournalChange {
  sequence: number
  table: string
  rowId: string
  kind: 'insert' | 'update' | 'delete'
}

/** Rows kept: far more than any refresh or sync step reads, small next to the vault itself. */
export const JOURNAL_RETENTION = 100_000

/** The newest sequence, or 0 for a journal with nothing in it yet. */
export function journalHead(db: Database.Database): number {
  return cachedStatement(db, 'SELECT coalesce(max(seq), 0) FROM change_journal').pluck().get() as number
}

/** Changes after `sequence`, oldest first, at most `limit` of them. */
export function changesSince(db: Database.Database, sequence: number, limit = 1000): JournalChange[] {
  return (
    cachedStatement(
      db,
      'SELECT seq, table_name, row_id, kind FROM change_journal WHERE seq > ? ORDER BY seq LIMIT ?',
    ).all(sequence, limit) as {
      seq: number
      table_name: string
      row_id: string
      kind: JournalChange['kind']
    }[]
  ).map((row) => ({ sequence: row.seq, table: row.table_name, rowId: row.row_id, kind: row.kind }))
}

/** Drops all but the newest JOURNAL_RETENTION rows (the sequence keeps counting up regardless). */
export function pruneJournal(db: Database.Database, keep = JOURNAL_RETENTION): number {
  return db
    .prepare('DELETE FROM change_journal WHERE seq <= (SELECT max(seq) FROM change_journal) - ?')
    .run(keep).changes
}
