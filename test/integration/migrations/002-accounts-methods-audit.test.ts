import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate } from '../../../electron/core/store/migrate.ts'
import { migration001 } from '../../../electron/core/store/migrations/001-vault-and-key-slots.ts'
import { migration002 } from '../../../electron/core/store/migrations/002-accounts-methods-audit.ts'

function migratedTo2() {
  const db = new Database(':memory:')
  db.pragma('foreign_keys = ON')
  migrate(db, [migration001])
  expect(migrate(db, [migration001, migration002])).toBe(2)
  return db
}

describe('migration 002: accounts, methods, backup codes, audit log', () => {
  it('upgrades a version-1 vault, keeping its slots', () => {
    const db = new Database(':memory:')
    migrate(db, [migration001])
    db.prepare("INSERT INTO key_slots (id, kind, created_at) VALUES ('k', 'keychain', 'now')").run()
    migrate(db, [migration001, migration002])
    expect(db.prepare('SELECT id FROM key_slots').all()).toEqual([{ id: 'k' }])
    const tables = (
      db
        .prepare(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )
        .all() as { name: string }[]
    ).map((row) => row.name)
    expect(tables).toEqual([
      'accounts',
      'audit_log',
      'authenticators',
      'backup_code_sets',
      'backup_codes',
      'clients',
      'key_slots',
      'phone_methods',
      'settings',
      'unlock_throttle',
      'vault_meta',
    ])
  })

  it('refuses rows a person could never have meant: unknown platforms, non-E.164 numbers, 11-digit codes', () => {
    const db = migratedTo2()
    const account = db.prepare(
      "INSERT INTO accounts (id, platform, handle, created_at, updated_at) VALUES (?, ?, 'h', 'now', 'now')",
    )
    account.run('a', 'instagram')
    expect(() => account.run('b', 'myspace')).toThrow(/CHECK/)
    const phone = db.prepare(
      "INSERT INTO phone_methods (account_id, kind, phone, added_at) VALUES ('a', ?, ?, 'now')",
    )
    expect(() => phone.run('sms', '0044 7700 900123')).toThrow(/CHECK/)
    phone.run('sms', '+447700900123')
    expect(() => phone.run('sms', '+447700900999')).toThrow(/UNIQUE|PRIMARY/)
    expect(() =>
      db
        .prepare(
          "INSERT INTO authenticators (account_id, type, algorithm, digits, period, secret, secret_fingerprint, added_at) VALUES ('a', 'totp', 'SHA1', 11, 30, x'00', x'00', 'now')",
        )
        .run(),
    ).toThrow(/CHECK/)
  })

  it('allows one current backup-code set per account; older sets stay as history', () => {
    const db = migratedTo2()
    db.prepare(
      "INSERT INTO accounts (id, platform, handle, created_at, updated_at) VALUES ('a', 'instagram', 'h', 'now', 'now')",
    ).run()
    const set = db.prepare(
      "INSERT INTO backup_code_sets (id, account_id, added_at, replaced_at) VALUES (?, 'a', 'now', ?)",
    )
    set.run('old', 'later')
    set.run('current', null)
    expect(() => set.run('second-current', null)).toThrow(/UNIQUE/)
  })

  it('deleting an account removes its methods and codes but never its audit history', () => {
    const db = migratedTo2()
    db.prepare(
      "INSERT INTO accounts (id, platform, handle, created_at, updated_at) VALUES ('a', 'instagram', 'h', 'now', 'now')",
    ).run()
    db.prepare(
      "INSERT INTO phone_methods (account_id, kind, phone, added_at) VALUES ('a', 'sms', '+14155550123', 'now')",
    ).run()
    db.prepare(
      "INSERT INTO audit_log (at, actor, action, account_id) VALUES ('now', 'me', 'account.added', 'a')",
    ).run()
    db.prepare("DELETE FROM accounts WHERE id = 'a'").run()
    expect(db.prepare('SELECT count(*) AS n FROM phone_methods').get()).toEqual({ n: 0 })
    expect(db.prepare('SELECT count(*) AS n FROM audit_log').get()).toEqual({ n: 1 })
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/)
    expect(() => db.prepare("UPDATE audit_log SET action = 'x'").run()).toThrow(/append-only/)
  })
})
