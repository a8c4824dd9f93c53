import type { Migration } from './migration.ts'

/**
 * The change journal (issue 14): every write to accounts, their methods, backup codes, clients and the
 * vault's settings appends a row — which table, which row, what kind of change, in a monotonic
 * sequence — in the same transaction as the write, whoever made it. Triggers, not the services, write
 * it: the CLI, the app and (next) team sync then cannot forget to, and a write is a change wherever it
 * came from. Rows name what changed, never a value: no secret, name or number ever lands here.
 */
const JOURNALED: readonly { table: string; row: (alias: 'NEW' | 'OLD') => string }[] = [
  { table: 'clients', row: (alias) => `${alias}.id` },
  { table: 'accounts', row: (alias) => `${alias}.id` },
  { table: 'authenticators', row: (alias) => `${alias}.account_id` },
  { table: 'phone_methods', row: (alias) => `${alias}.account_id || ':' || ${alias}.kind` },
  { table: 'backup_code_sets', row: (alias) => `${alias}.id` },
  { table: 'backup_codes', row: (alias) => `${alias}.id` },
  { table: 'settings', row: (alias) => `${alias}.key` },
]

const KINDS = [
  { event: 'INSERT', kind: 'insert', alias: 'NEW' },
  { event: 'UPDATE', kind: 'update', alias: 'NEW' },
  { event: 'DELETE', kind: 'delete', alias: 'OLD' },
] as const

export const migration008: Migration = {
  version: 8,
  name: 'change journal',
  up(db) {
    db.exec(`
      CREATE TABLE change_journal (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        table_name TEXT NOT NULL,
        row_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('insert', 'update', 'delete'))
      );
    `)
    for (const { table, row } of JOURNALED) {
      for (const { event, kind, alias } of KINDS) {
        db.exec(`
          CREATE TRIGGER journal_${table}_${kind} AFTER ${event} ON ${table}
          BEGIN
            INSERT INTO change_journal (table_name, row_id, kind) VALUES ('${table}', ${row(alias)}, '${kind}');
          END;
        `)
      }
    }
  },
}
