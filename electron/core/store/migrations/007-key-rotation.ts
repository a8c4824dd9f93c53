import type { Migration } from './migration.ts'

/**
 * What replacing the vault key on a password change needs (issue 12):
 *
 * - `key_slots.recipient_key` / `ephemeral_key`: the recovery slot wraps the vault key to an X25519
 *   public key derived from the recovery key, so a new vault key can be wrapped for the same paper
 *   recovery key without having it. Slots from before keep wrapping under scrypt alone (both NULL)
 *   until the recovery key is next typed. `recipient_check` seals that public key under the vault key:
 *   a public key swapped in by someone who can write the file but not read it would otherwise receive
 *   the next vault key.
 * - `vault_meta.keychain_cleanup_pending`: set in the same transaction that drops the keychain slot,
 *   cleared once the keychain item is really gone, so a failed removal is retried and shown.
 */
export const migration007: Migration = {
  version: 7,
  name: 'key rotation',
  up(db) {
    db.exec(`
      ALTER TABLE key_slots ADD COLUMN recipient_key BLOB;
      ALTER TABLE key_slots ADD COLUMN ephemeral_key BLOB;
      ALTER TABLE key_slots ADD COLUMN recipient_check BLOB;
      ALTER TABLE vault_meta ADD COLUMN keychain_cleanup_pending INTEGER NOT NULL DEFAULT 0
        CHECK (keychain_cleanup_pending IN (0, 1));
    `)
  },
}
