import type { Migration } from './migration.ts'

/**
 * The team vault (issue 15), as this device knows it. A vault joins at most one team. What is secret
 * here — the device's private keys, each client key, the last record agreed with the server, the
 * other side of a conflict, an invite's secret — is sealed under the vault key like every other
 * secret (vault/sealed-columns.ts), so a new vault password re-seals it with the rest. Team accounts
 * are ordinary rows of `accounts` (with their ids kept across devices): codes, lists and flags work
 * offline; these tables only say which of them the team shares and where they stand with the server.
 * None of these tables is journaled: sync's own bookkeeping is not a change a window shows.
 */
export const migration009: Migration = {
  version: 9,
  name: 'team vault',
  up(db) {
    db.exec(`
      CREATE TABLE team_membership (
        device_id TEXT PRIMARY KEY,
        -- One team per vault: the singleton keeps a second create or join from half-happening.
        singleton INTEGER NOT NULL UNIQUE DEFAULT 1 CHECK (singleton = 1),
        server_url TEXT NOT NULL,
        team_id TEXT NOT NULL,
        team_name TEXT NOT NULL,
        member_id TEXT NOT NULL,
        member_name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
        device_status TEXT NOT NULL CHECK (device_status IN ('pending', 'active', 'removed')),
        agreement_public_key TEXT NOT NULL,
        signing_public_key TEXT NOT NULL,
        agreement_private_key BLOB NOT NULL,
        signing_private_key BLOB NOT NULL,
        -- The signing key every certificate must chain to: pinned at creation (our own) or, at a join,
        -- through the inviting admin's key the invite code carried.
        owner_signing_key TEXT,
        inviter_signing_key TEXT,
        last_seq INTEGER NOT NULL DEFAULT 0 CHECK (last_seq >= 0),
        -- The change journal's sequence up to which local edits were pushed.
        pushed_journal_seq INTEGER NOT NULL DEFAULT 0,
        last_sync_at TEXT,
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE team_clients (
        team_client_id TEXT PRIMARY KEY,
        client_id TEXT NOT NULL UNIQUE REFERENCES clients (id) ON DELETE CASCADE,
        key_version INTEGER NOT NULL CHECK (key_version >= 1)
      ) STRICT;

      CREATE TABLE team_client_keys (
        -- team_client_id || ':' || key_version: one column names the row in the seal's associated data.
        id TEXT PRIMARY KEY,
        -- No foreign key: a key arrives before its client can be named (the name is sealed under it).
        team_client_id TEXT NOT NULL,
        key_version INTEGER NOT NULL CHECK (key_version >= 1),
        client_key BLOB NOT NULL,
        UNIQUE (team_client_id, key_version)
      ) STRICT;

      CREATE TABLE team_accounts (
        account_id TEXT PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
        team_client_id TEXT NOT NULL REFERENCES team_clients (team_client_id) ON DELETE CASCADE,
        revision INTEGER NOT NULL CHECK (revision >= 0),
        key_version INTEGER NOT NULL CHECK (key_version >= 1),
        -- The record as last agreed with the server: the base of a three-way merge.
        agreed_record BLOB NOT NULL,
        exposed_since TEXT,
        -- The server's version of a field both sides changed, kept until a person chooses.
        conflict_record BLOB,
        conflict_at TEXT
      ) STRICT;
      CREATE INDEX team_accounts_by_client ON team_accounts (team_client_id);

      -- Backup codes of team accounts live on the server, handed out one claim at a time.
      CREATE TABLE team_backup_code_sets (
        set_id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL REFERENCES team_accounts (account_id) ON DELETE CASCADE,
        key_version INTEGER NOT NULL,
        total INTEGER NOT NULL,
        claimed INTEGER NOT NULL,
        seq INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX team_backup_code_sets_by_account ON team_backup_code_sets (account_id);

      -- An invite's secret, kept by the admin who made it until the joined device is confirmed.
      CREATE TABLE team_invites (
        invite_id TEXT PRIMARY KEY,
        member_id TEXT NOT NULL,
        member_name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('admin', 'member')),
        client_ids TEXT NOT NULL CHECK (json_valid(client_ids)),
        secret BLOB NOT NULL,
        expires_at TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
    `)
  },
}
