import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate } from '../../../electron/core/store/migrate.ts'
import { migration001 } from '../../../electron/core/store/migrations/001-vault-and-key-slots.ts'
import { migration002 } from '../../../electron/core/store/migrations/002-accounts-methods-audit.ts'
import { migration003 } from '../../../electron/core/store/migrations/003-backup-slots.ts'

describe('migration 003: backup slots', () => {
  it('upgrades a version-2 vault, keeping its accounts, and holds one backup slot per kind', () => {
    const db = new Database(':memory:')
    migrate(db, [migration001, migration002])
    db.prepare(
      "INSERT INTO accounts (id, platform, handle, created_at, updated_at) VALUES ('a', 'instagram', 'h', 'now', 'now')",
    ).run()
    expect(migrate(db, [migration001, migration002, migration003])).toBe(3)
    expect(db.prepare('SELECT handle FROM accounts').all()).toEqual([{ handle: 'h' }])
    const insert = db.prepare("INSERT INTO backup_slots (kind, slot, created_at) VALUES (?, ?, 'now')")
    insert.run('recovery', '{"type":1}')
    expect(() => insert.run('recovery', '{"type":1}')).toThrow(/UNIQUE|PRIMARY/)
    expect(() => insert.run('password', 'not json')).toThrow(/CHECK/)
    expect(() => insert.run('keychain', '{}')).toThrow(/CHECK/)
  })
})
