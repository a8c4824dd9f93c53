import type { Migration } from './migration.ts'

/**
 * Aegis-format password slots over the vault key, made while the password or the recovery key is in
 * hand (at creation, on a password change). Automatic backups carry them in their header, so a backup
 * opens — in Twofold on a new machine, or in Aegis on a phone — with the password or the recovery key,
 * without the keychain item and without asking for either at backup time.
 */
export const migration003: Migration = {
  version: 3,
  name: 'backup slots',
  up(db) {
    db.exec(`
      CREATE TABLE backup_slots (
        kind TEXT PRIMARY KEY CHECK (kind IN ('password', 'recovery')),
        -- A JSON Aegis slot: the key is wrapped (scrypt + AES-GCM), never stored in plain.
        slot TEXT NOT NULL CHECK (json_valid(slot)),
        created_at TEXT NOT NULL
      ) STRICT;
    `)
  },
}
