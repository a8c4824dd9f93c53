import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate } from '../../../electron/core/store/migrate.ts'
import { migrations } from '../../../electron/core/store/migrations/index.ts'

// Pinned to this migration so a later one cannot change what this test sees.
const upTo10 = migrations.filter((migration) => migration.version <= 10)

describe('migration 010: the trash state agreed with the team', () => {
  it('takes each team account’s agreed trash state from the vault as the last pull left it', () => {
    const db = new Database(':memory:')
    db.pragma('foreign_keys = ON')
    migrate(
      db,
      migrations.filter((migration) => migration.version <= 9),
    )
    db.exec(`
      INSERT INTO clients (id, name, created_at) VALUES ('c1', 'Acme', 'now');
      INSERT INTO accounts (id, platform, handle, client_id, created_at, updated_at, deleted_at)
        VALUES ('a1', 'generic', 'kept', 'c1', 'now', 'now', NULL),
               ('a2', 'generic', 'trashed', 'c1', 'now', 'now', 'now');
      INSERT INTO team_clients (team_client_id, client_id, key_version) VALUES ('tc1', 'c1', 1);
      INSERT INTO team_accounts (account_id, team_client_id, revision, key_version, agreed_record)
        VALUES ('a1', 'tc1', 1, 1, x'00'), ('a2', 'tc1', 1, 1, x'00');
    `)
    expect(migrate(db, upTo10)).toBe(10)
    expect(
      db.prepare('SELECT account_id, agreed_deleted FROM team_accounts ORDER BY account_id').all(),
    ).toEqual([
      { account_id: 'a1', agreed_deleted: 0 },
      { account_id: 'a2', agreed_deleted: 1 },
    ])
    expect(() => db.exec("UPDATE team_accounts SET agreed_deleted = 2 WHERE account_id = 'a1'")).toThrow(
      /CHECK/,
    )
  })
})
