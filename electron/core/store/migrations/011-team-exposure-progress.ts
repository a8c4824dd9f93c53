import type { Migration } from './migration.ts'

/**
 * What an account flagged exposed-to-former-member still needs, as the server last said: whether its
 * secret was replaced since the exposure, and whether new backup codes were stored (NULL: none were
 * stored when it was exposed, so the secret alone clears it). The flag's message names what is left.
 * Rows flagged before this: the secret is still to replace (one secret write used to clear the flag),
 * and codes are to re-issue when this device knows of a set; the server's next word on the account
 * corrects either.
 */
export const migration011: Migration = {
  version: 11,
  name: 'team exposure progress',
  up(db) {
    db.exec(`
      ALTER TABLE team_accounts ADD COLUMN exposure_secret_replaced INTEGER NOT NULL DEFAULT 0
        CHECK (exposure_secret_replaced IN (0, 1));
      ALTER TABLE team_accounts ADD COLUMN exposure_codes_reissued INTEGER
        CHECK (exposure_codes_reissued IS NULL OR exposure_codes_reissued IN (0, 1));
      UPDATE team_accounts SET exposure_codes_reissued = 0
        WHERE exposed_since IS NOT NULL
          AND account_id IN (SELECT account_id FROM team_backup_code_sets);
    `)
  },
}
