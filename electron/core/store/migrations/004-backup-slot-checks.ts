import type { Migration } from './migration.ts'

/**
 * A backup slot is plain JSON (Aegis's own format, placed as is in every backup's header), so a damaged
 * or altered slot would be copied into each backup unnoticed — backups that no longer open with that
 * password or recovery key. `slot_check` seals a digest of the slot under the vault key, so a changed
 * slot is refused before any backup is written. Slots from before this migration get their check the
 * next time the vault is unlocked.
 */
export const migration004: Migration = {
  version: 4,
  name: 'backup slot checks',
  up(db) {
    db.exec('ALTER TABLE backup_slots ADD COLUMN slot_check BLOB')
  },
}
