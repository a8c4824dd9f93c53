import type { Migration } from './migration.ts'

/**
 * When each account's code was last copied decides the quick popup's order and the manager's "last
 * used". Read from the audit log, which only grows, that meant a pass over every entry of every kind;
 * this partial index holds the copies alone, in account order with their times, so the question
 * costs what the copies cost however long the history gets.
 */
export const migration005: Migration = {
  version: 5,
  name: 'last-copied index',
  up(db) {
    db.exec(
      "CREATE INDEX audit_log_code_copied ON audit_log (account_id, at) WHERE action = 'code.copied' AND account_id IS NOT NULL",
    )
  },
}
