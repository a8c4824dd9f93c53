import type { Migration } from './migration.ts'

/**
 * A team account's backup-code count lives in team_backup_code_sets, which a claim (here or on a
 * colleague's device, arriving with a sync) updates: journaled like the local backup-code tables, so
 * every window learns the count changed without a reload. The row named is the set's id — never a
 * code. The index answers "the newest set of this account" (the account list reads it for every team
 * account at once) without visiting the set rows.
 */
export const migration014: Migration = {
  version: 14,
  name: 'team backup-code sets journaled',
  up(db) {
    for (const { event, kind, alias } of [
      { event: 'INSERT', kind: 'insert', alias: 'NEW' },
      { event: 'UPDATE', kind: 'update', alias: 'NEW' },
      { event: 'DELETE', kind: 'delete', alias: 'OLD' },
    ]) {
      db.exec(`
        CREATE TRIGGER journal_team_backup_code_sets_${kind} AFTER ${event} ON team_backup_code_sets
        BEGIN
          INSERT INTO change_journal (table_name, row_id, kind)
            VALUES ('team_backup_code_sets', ${alias}.set_id, '${kind}');
        END;
      `)
    }
    db.exec(`
      DROP INDEX team_backup_code_sets_by_account;
      CREATE INDEX team_backup_code_sets_by_account ON team_backup_code_sets (account_id, seq);
    `)
  },
}
