import type { Migration } from './migration.ts'

/**
 * The audit log chained by HMAC (see electron/core/audit/audit-chain.ts): each row's mark, and one row
 * holding the chain's key, sealed under the vault key, its start and its head. The key does not exist
 * while a migration runs (the vault is locked), so existing rows keep no mark: at the first unlock
 * they are sealed as a whole, as the legacy prefix, and the chain starts after them.
 */
export const migration006: Migration = {
  version: 6,
  name: 'audit chain',
  up(db) {
    db.exec(`
      ALTER TABLE audit_log ADD COLUMN chain_mac BLOB;

      CREATE TABLE audit_chain (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        -- The chain's own random 256-bit key, sealed under the vault key: a key rotation re-seals it.
        sealed_key BLOB NOT NULL,
        -- Rows with a smaller id are older than the chain, sealed together by legacy_mac.
        start_id INTEGER NOT NULL,
        -- 1 when the chain had to start over because its record was removed while marked rows remained.
        restarted INTEGER NOT NULL CHECK (restarted IN (0, 1)),
        legacy_mac BLOB NOT NULL,
        -- The newest row, and a seal only it could give, so rows cut from the end are found.
        head_id INTEGER NOT NULL,
        head_mac BLOB NOT NULL,
        head_seal BLOB NOT NULL
      ) STRICT;
    `)
  },
}
