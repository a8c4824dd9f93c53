import type { Migration } from './migration.ts'

/**
 * The vault's identity and the slots that unlock its key. Slots are Aegis-style: each one wraps the
 * same random vault key; the keychain slot's key lives in the OS keychain, so its row holds no key.
 */
export const migration001: Migration = {
  version: 1,
  name: 'vault and key slots',
  up(db) {
    db.exec(`
      CREATE TABLE vault_meta (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        vault_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        -- A known plaintext sealed under the vault key: proves a key from the keychain is this vault's.
        key_check BLOB NOT NULL
      ) STRICT;

      CREATE TABLE key_slots (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('keychain', 'password', 'recovery')),
        created_at TEXT NOT NULL,
        kdf_params TEXT,
        salt BLOB,
        wrapped_key BLOB,
        CHECK ((kind = 'keychain') = (wrapped_key IS NULL))
      ) STRICT;
      -- One slot of each kind: changing a password replaces its slot in one transaction.
      CREATE UNIQUE INDEX key_slots_one_per_kind ON key_slots (kind);

      -- Failed unlocks live in the vault so the growing delay holds across restarts and CLI calls.
      CREATE TABLE unlock_throttle (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        failed_attempts INTEGER NOT NULL DEFAULT 0,
        last_failure_at INTEGER
      ) STRICT;
      INSERT INTO unlock_throttle (id, failed_attempts) VALUES (1, 0);
    `)
  },
}
