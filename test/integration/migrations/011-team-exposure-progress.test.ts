import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate } from '../../../electron/core/store/migrate.ts'
import { migrations } from '../../../electron/core/store/migrations/index.ts'

// Pinned to this migration so a later one cannot change what this test sees.
const upTo11 = migrations.filter((migration) => migration.version <= 11)

describe('migration 011: what an exposed team account still needs', () => {
  it('counts a flagged account’s secret as still to replace, and its codes when this device knows of a set', () => {
    const db = new Database(':memory:')
    db.pragma('foreign_keys = ON')
    migrate(
      db,
      migrations.filter((migration) => migration.version <= 10),
    )
    db.exec(`
      INSERT INTO clients (id, name, created_at) VALUES ('c1', 'Acme', 'now');
      INSERT INTO accounts (id, platform, handle, client_id, created_at, updated_at)
        VALUES ('calm', 'generic', 'calm', 'c1', 'now', 'now'),
               ('no-codes', 'generic', 'no-codes', 'c1', 'now', 'now'),
               ('with-codes', 'generic', 'with-codes', 'c1', 'now', 'now');
      INSERT INTO team_clients (team_client_id, client_id, key_version) VALUES ('tc1', 'c1', 2);
      INSERT INTO team_accounts (account_id, team_client_id, revision, key_version, agreed_record, exposed_since)
        VALUES ('calm', 'tc1', 1, 2, x'00', NULL),
               ('no-codes', 'tc1', 1, 2, x'00', '2026-03-01T00:00:00.000Z'),
               ('with-codes', 'tc1', 1, 2, x'00', '2026-03-01T00:00:00.000Z');
      INSERT INTO team_backup_code_sets (set_id, account_id, key_version, total, claimed, seq)
        VALUES ('s1', 'with-codes', 1, 10, 2, 5);
    `)
    expect(migrate(db, upTo11)).toBe(11)
    expect(
      db
        .prepare(
          'SELECT account_id, exposure_secret_replaced, exposure_codes_reissued FROM team_accounts ORDER BY account_id',
        )
        .all(),
    ).toEqual([
      { account_id: 'calm', exposure_secret_replaced: 0, exposure_codes_reissued: null },
      { account_id: 'no-codes', exposure_secret_replaced: 0, exposure_codes_reissued: null },
      { account_id: 'with-codes', exposure_secret_replaced: 0, exposure_codes_reissued: 0 },
    ])
    expect(() =>
      db.exec("UPDATE team_accounts SET exposure_codes_reissued = 2 WHERE account_id = 'calm'"),
    ).toThrow(/CHECK/)
  })
})
