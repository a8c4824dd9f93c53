import type { Migration } from './migration.ts'

/**
 * Clients, accounts and their 2FA methods, backup codes, the audit log and settings. Secrets (the
 * authenticator seed, each backup code) are sealed under the vault key with their row as associated
 * data; everything else is plain so lists, search and posture flags work without decrypting.
 */
export const migration002: Migration = {
  version: 2,
  name: 'accounts, methods, backup codes, audit log',
  up(db) {
    db.exec(`
      CREATE TABLE clients (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL COLLATE NOCASE UNIQUE CHECK (length(trim(name)) > 0),
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE accounts (
        id TEXT PRIMARY KEY,
        platform TEXT NOT NULL CHECK (platform IN ('instagram', 'facebook', 'tiktok', 'x', 'google', 'generic')),
        handle TEXT NOT NULL,
        display_name TEXT NOT NULL DEFAULT '',
        issuer TEXT NOT NULL DEFAULT '',
        label TEXT NOT NULL DEFAULT '',
        client_id TEXT REFERENCES clients (id) ON DELETE SET NULL,
        notes TEXT NOT NULL DEFAULT '',
        tags TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags) AND json_type(tags) = 'array'),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        -- Deleted accounts wait in the trash (restorable) until purged.
        deleted_at TEXT
      ) STRICT;
      CREATE INDEX accounts_by_client ON accounts (client_id);

      CREATE TABLE authenticators (
        account_id TEXT PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
        enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
        type TEXT NOT NULL CHECK (type IN ('totp', 'hotp', 'steam')),
        algorithm TEXT NOT NULL CHECK (algorithm IN ('SHA1', 'SHA256', 'SHA512')),
        digits INTEGER NOT NULL CHECK (digits BETWEEN 4 AND 10),
        period INTEGER NOT NULL CHECK (period BETWEEN 1 AND 86400),
        counter INTEGER NOT NULL DEFAULT 0 CHECK (counter >= 0),
        secret BLOB NOT NULL,
        -- Keyed hash of the secret (key derived from the vault key): finds duplicates without decrypting.
        secret_fingerprint BLOB NOT NULL,
        verified_at TEXT,
        added_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX authenticators_by_fingerprint ON authenticators (secret_fingerprint);

      CREATE TABLE phone_methods (
        account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('sms', 'whatsapp')),
        enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
        phone TEXT NOT NULL CHECK (phone GLOB '+[1-9]*'),
        verified_at TEXT,
        added_at TEXT NOT NULL,
        PRIMARY KEY (account_id, kind)
      ) STRICT;
      CREATE INDEX phone_methods_by_phone ON phone_methods (phone);

      CREATE TABLE backup_code_sets (
        id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
        added_at TEXT NOT NULL,
        -- Set when a newer set replaced this one; the platform no longer accepts its codes.
        replaced_at TEXT
      ) STRICT;
      CREATE UNIQUE INDEX backup_code_sets_one_current ON backup_code_sets (account_id) WHERE replaced_at IS NULL;

      CREATE TABLE backup_codes (
        id TEXT PRIMARY KEY,
        set_id TEXT NOT NULL REFERENCES backup_code_sets (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        code BLOB NOT NULL,
        used_at TEXT,
        used_by TEXT,
        UNIQUE (set_id, position)
      ) STRICT;

      -- Append-only by the database's own rules, not by convention: no update, no delete.
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        -- No foreign key: the history of an account outlives the account.
        account_id TEXT,
        detail TEXT NOT NULL DEFAULT ''
      ) STRICT;
      CREATE INDEX audit_log_by_account ON audit_log (account_id);
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL CHECK (json_valid(value))
      ) STRICT;
    `)
  },
}
