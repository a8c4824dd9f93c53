import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate } from '../../../electron/core/store/migrate.ts'
import { migrations } from '../../../electron/core/store/migrations/index.ts'

describe('migration 007: key rotation', () => {
  it('keeps a version-6 vault’s slots as they were, marked as from before rotation, with no keychain cleanup due', () => {
    const db = new Database(':memory:')
    const before = migrations.filter((migration) => migration.version < 7)
    migrate(db, before)
    db.prepare(
      "INSERT INTO vault_meta (id, vault_id, created_at, key_check) VALUES (1, 'v', 'now', x'00')",
    ).run()
    db.prepare(
      "INSERT INTO key_slots (id, kind, created_at, kdf_params, salt, wrapped_key) VALUES ('s', 'recovery', 'now', '{}', x'01', x'02')",
    ).run()
    expect(
      migrate(
        db,
        migrations.filter((migration) => migration.version <= 7),
      ),
    ).toBe(7)
    expect(
      db
        .prepare('SELECT salt, wrapped_key, recipient_key, ephemeral_key, recipient_check FROM key_slots')
        .get(),
    ).toEqual({
      salt: Buffer.from([1]),
      wrapped_key: Buffer.from([2]),
      recipient_key: null,
      ephemeral_key: null,
      recipient_check: null,
    })
    expect(db.prepare('SELECT keychain_cleanup_pending FROM vault_meta').get()).toEqual({
      keychain_cleanup_pending: 0,
    })
    expect(() => db.prepare('UPDATE vault_meta SET keychain_cleanup_pending = 2').run()).toThrow(/CHECK/)
  })
})
