import type { ServerMigration } from '../migration.ts'

/**
 * What an exposed account still needs before its `exposed-to-former-member` flag goes: a new secret
 * and, when a backup-code set was stored at the exposure, a new set. Both are facts the server sees in
 * the writes it receives (a record write that says it carries a new secret, a set stored), kept from
 * the latest exposure on: a rotation starts them over. Before this, one secret write cleared the flag.
 *
 * Rows already flagged: the secret is still to replace (the old write cleared the flag, so a flagged
 * row never had one), and codes are to re-issue when the account's current set was stored before the
 * exposure (a newer one is a re-issue already).
 */
export const migration004: ServerMigration = {
  version: 4,
  name: 'exposure progress',
  sql: /* sql */ `
ALTER TABLE records
  ADD COLUMN exposure_secret_replaced_at timestamptz,
  ADD COLUMN exposure_codes_needed boolean NOT NULL DEFAULT false,
  ADD COLUMN exposure_codes_reissued_at timestamptz;

UPDATE records r SET exposure_codes_needed = EXISTS (
    SELECT 1 FROM backup_code_sets s
    WHERE s.team_id = r.team_id AND s.client_id = r.client_id AND s.account_id = r.account_id
      AND s.retired_at IS NULL AND s.created_at <= r.exposed_since)
  WHERE r.exposed_since IS NOT NULL;

-- Progress only while flagged, and a flag only while something is left to do.
ALTER TABLE records
  ADD CONSTRAINT records_exposure_progress CHECK (
    exposed_since IS NOT NULL
    OR (exposure_secret_replaced_at IS NULL AND NOT exposure_codes_needed AND exposure_codes_reissued_at IS NULL)),
  ADD CONSTRAINT records_exposure_open CHECK (
    exposed_since IS NULL
    OR exposure_secret_replaced_at IS NULL
    OR (exposure_codes_needed AND exposure_codes_reissued_at IS NULL)),
  ADD CONSTRAINT records_exposure_codes CHECK (exposure_codes_needed OR exposure_codes_reissued_at IS NULL);

GRANT UPDATE (exposure_secret_replaced_at, exposure_codes_needed, exposure_codes_reissued_at)
  ON records TO twofold_server;
`,
}
