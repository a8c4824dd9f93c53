import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate } from '../../../electron/core/store/migrate.ts'
import { migrations } from '../../../electron/core/store/migrations/index.ts'

// Pinned to this migration so a later one cannot change what this test sees.
const upTo13 = migrations.filter((migration) => migration.version <= 13)

describe('migration 013: who last changed a team account', () => {
  it('gives team accounts an author and a time, empty until their next change', () => {
    const db = new Database(':memory:')
    db.pragma('foreign_keys = ON')
    migrate(
      db,
      migrations.filter((migration) => migration.version <= 12),
    )
    db.exec(`
      INSERT INTO clients (id, name, created_at) VALUES ('c1', 'Acme', 'now');
      INSERT INTO accounts (id, platform, handle, client_id, created_at, updated_at)
        VALUES ('a1', 'generic', 'acme', 'c1', 'now', 'now');
      INSERT INTO team_clients (team_client_id, client_id, key_version) VALUES ('tc1', 'c1', 1);
      INSERT INTO team_accounts (account_id, team_client_id, revision, key_version, agreed_record)
        VALUES ('a1', 'tc1', 3, 1, x'00');
    `)
    expect(migrate(db, upTo13)).toBe(13)
    expect(db.prepare('SELECT changed_by, changed_at FROM team_accounts').all()).toEqual([
      { changed_by: null, changed_at: null },
    ])
    db.exec("UPDATE team_accounts SET changed_by = 'Ben', changed_at = '2026-12-06T10:00:00.000Z'")
    expect(db.prepare('SELECT changed_by FROM team_accounts').pluck().get()).toBe('Ben')
  })
})
