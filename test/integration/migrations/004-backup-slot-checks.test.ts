import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate } from '../../../electron/core/store/migrate.ts'
import { migration001 } from '../../../electron/core/store/migrations/001-vault-and-key-slots.ts'
import { migration002 } from '../../../electron/core/store/migrations/002-accounts-methods-audit.ts'
import { migration003 } from '../../../electron/core/store/migrations/003-backup-slots.ts'
import { migration004 } from '../../../electron/core/store/migrations/004-backup-slot-checks.ts'

describe('migration 004: backup slot checks', () => {
  it('upgrades a version-3 vault keeping its backup slots, which wait unchecked for the next unlock', () => {
    const db = new Database(':memory:')
    migrate(db, [migration001, migration002, migration003])
    db.prepare(
      "INSERT INTO backup_slots (kind, slot, created_at) VALUES ('recovery', '{\"type\":1}', 'now')",
    ).run()
    expect(migrate(db, [migration001, migration002, migration003, migration004])).toBe(4)
    expect(db.prepare('SELECT kind, slot, slot_check FROM backup_slots').all()).toEqual([
      { kind: 'recovery', slot: '{"type":1}', slot_check: null },
    ])
  })
})
