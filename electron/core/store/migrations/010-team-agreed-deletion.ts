import type { Migration } from './migration.ts'

/**
 * Whether the server's copy of a team account is in the trash, as last agreed: without it a trash or a
 * restore on this device changed nothing sync could tell from the agreed record, and never left it.
 * Existing rows take the local state, which the last pull wrote from the server's.
 */
export const migration010: Migration = {
  version: 10,
  name: 'team agreed deletion',
  up(db) {
    db.exec(`
      ALTER TABLE team_accounts ADD COLUMN agreed_deleted INTEGER NOT NULL DEFAULT 0 CHECK (agreed_deleted IN (0, 1));
      UPDATE team_accounts SET agreed_deleted = 1
        WHERE account_id IN (SELECT id FROM accounts WHERE deleted_at IS NOT NULL);
    `)
  },
}
