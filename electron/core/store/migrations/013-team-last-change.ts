import type { Migration } from './migration.ts'

/**
 * Who last changed a team account, and when, as the server stamped the write (a member's name, which
 * the server knows too): the manager's row shows it, so a person sees a colleague's edit for what it
 * is. Rows from before this have no author until their next change.
 */
export const migration013: Migration = {
  version: 13,
  name: 'team account last change',
  up(db) {
    db.exec(`
      ALTER TABLE team_accounts ADD COLUMN changed_by TEXT;
      ALTER TABLE team_accounts ADD COLUMN changed_at TEXT;
    `)
  },
}
