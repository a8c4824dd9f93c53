import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate } from '../../../electron/core/store/migrate.ts'
import { migrations } from '../../../electron/core/store/migrations/index.ts'

// Pinned to this migration so a later one cannot change what this test sees.
const upTo12 = migrations.filter((migration) => migration.version <= 12)

describe('migration 012: unlock attempts in flight', () => {
  it('adds an empty table of attempts in flight and keeps the failed-attempt count', () => {
    const db = new Database(':memory:')
    migrate(
      db,
      migrations.filter((migration) => migration.version <= 11),
    )
    db.exec('UPDATE unlock_throttle SET failed_attempts = 3, last_failure_at = 1000 WHERE id = 1')
    expect(migrate(db, upTo12)).toBe(12)
    expect(db.prepare('SELECT count(*) FROM unlock_attempts').pluck().get()).toBe(0)
    expect(db.prepare('SELECT failed_attempts, last_failure_at FROM unlock_throttle').get()).toEqual({
      failed_attempts: 3,
      last_failure_at: 1000,
    })
    db.prepare('INSERT INTO unlock_attempts (id, started_at) VALUES (?, ?)').run('a1', 2000)
    expect(() =>
      db.prepare('INSERT INTO unlock_attempts (id, started_at) VALUES (?, ?)').run('a2', 'soon'),
    ).toThrow()
  })
})
