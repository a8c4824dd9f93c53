import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate } from '../../../electron/core/store/migrate.ts'
import { migrations } from '../../../electron/core/store/migrations/index.ts'

// Pinned to this migration so a later one cannot change what this test sees.
const upTo14 = migrations.filter((migration) => migration.version <= 14)

describe('migration 014: team backup-code sets in the change journal', () => {
  it('journals every write to a team set by its id, and keeps the sets already there', () => {
    const db = new Database(':memory:')
    db.pragma('foreign_keys = ON')
    migrate(
      db,
      migrations.filter((migration) => migration.version <= 13),
    )
    db.exec(`
      INSERT INTO clients (id, name, created_at) VALUES ('c1', 'Acme', 'now');
      INSERT INTO accounts (id, platform, handle, client_id, created_at, updated_at)
        VALUES ('a1', 'generic', 'acme', 'c1', 'now', 'now');
      INSERT INTO team_clients (team_client_id, client_id, key_version) VALUES ('tc1', 'c1', 1);
      INSERT INTO team_accounts (account_id, team_client_id, revision, key_version, agreed_record)
        VALUES ('a1', 'tc1', 3, 1, x'00');
      INSERT INTO team_backup_code_sets (set_id, account_id, key_version, total, claimed, seq)
        VALUES ('s1', 'a1', 1, 10, 2, 5);
    `)
    const head = db.prepare('SELECT coalesce(max(seq), 0) FROM change_journal').pluck().get() as number
    expect(migrate(db, upTo14)).toBe(14)
    expect(db.prepare('SELECT claimed FROM team_backup_code_sets').pluck().all()).toEqual([2])

    // A claim seen here, a newer set from a colleague, and the account leaving the team.
    db.exec(`
      UPDATE team_backup_code_sets SET claimed = 3 WHERE set_id = 's1';
      INSERT INTO team_backup_code_sets (set_id, account_id, key_version, total, claimed, seq)
        VALUES ('s2', 'a1', 1, 8, 0, 9);
      DELETE FROM team_accounts WHERE account_id = 'a1';
    `)
    const journal = db
      .prepare(
        "SELECT row_id, kind FROM change_journal WHERE seq > ? AND table_name = 'team_backup_code_sets' ORDER BY seq",
      )
      .all(head)
    expect(journal).toEqual([
      { row_id: 's1', kind: 'update' },
      { row_id: 's2', kind: 'insert' },
      { row_id: 's1', kind: 'delete' },
      { row_id: 's2', kind: 'delete' },
    ])
  })

  it('finds an account’s newest set from the index alone', () => {
    const db = new Database(':memory:')
    migrate(db, upTo14)
    const plan = db
      .prepare("EXPLAIN QUERY PLAN SELECT max(seq) FROM team_backup_code_sets WHERE account_id = 'a1'")
      .all() as { detail: string }[]
    expect(plan.map((row) => row.detail).join(' ')).toMatch(/COVERING INDEX team_backup_code_sets_by_account/)
  })
})
