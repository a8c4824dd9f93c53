import Database from 'better-sqlite3'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { isTwofoldError } from '../../../electron/core/errors.ts'
import { migrate, schemaVersion } from '../../../electron/core/store/migrate.ts'
import { migration001 } from '../../../electron/core/store/migrations/001-vault-and-key-slots.ts'
import { LATEST_SCHEMA_VERSION } from '../../../electron/core/store/migrations/index.ts'
import { tempHome } from '../../support/temp-home.ts'

describe('migration 001: vault and key slots', () => {
  const folder = tempHome()
  afterEach(() => folder.remove())

  it('creates the vault tables on an empty file and records version 1', () => {
    const db = new Database(join(folder.home, 'v.sqlite3'))
    expect(migrate(db, [migration001])).toBe(1)
    const tables = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
        name: string
      }[]
    ).map((row) => row.name)
    expect(tables).toEqual(['key_slots', 'unlock_throttle', 'vault_meta'])
    expect(db.prepare('SELECT failed_attempts FROM unlock_throttle').get()).toEqual({ failed_attempts: 0 })
    db.close()
  })

  it('holds at most one slot of each kind, and a keychain slot never carries a wrapped key', () => {
    const db = new Database(':memory:')
    migrate(db, [migration001])
    const insert = db.prepare('INSERT INTO key_slots (id, kind, created_at, wrapped_key) VALUES (?, ?, ?, ?)')
    insert.run('a', 'password', 'now', Buffer.of(1))
    expect(() => insert.run('b', 'password', 'now', Buffer.of(1))).toThrow(/UNIQUE/)
    expect(() => insert.run('c', 'keychain', 'now', Buffer.of(1))).toThrow(/CHECK/)
    expect(() => insert.run('d', 'recovery', 'now', null)).toThrow(/CHECK/)
    expect(() => insert.run('e', 'fingerprint', 'now', Buffer.of(1))).toThrow(/CHECK/)
    db.close()
  })

  it('is applied once: running migrations again changes nothing', () => {
    const db = new Database(':memory:')
    migrate(db)
    migrate(db)
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION)
    db.close()
  })

  it('refuses a vault written by a newer Twofold, saying so', () => {
    const db = new Database(':memory:')
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`)
    try {
      migrate(db)
      throw new Error('expected a refusal')
    } catch (error) {
      expect(isTwofoldError(error, 'vault-too-new')).toBe(true)
      expect((error as Error).message).toMatch(/newer version of Twofold/)
    }
    db.close()
  })
})
