import { describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import {
  hardenConnection,
  openAppDatabase,
  sqliteTablesOf,
} from '../../../electron/core/importers/app-database.ts'
import { ImportSample } from '../../../electron/core/importers/import-sample.ts'
import { detectFormat } from '../../../electron/core/importers/read-import.ts'
import { MAX_IMPORT_ENTRIES } from '../../../electron/core/importers/import-limits.ts'
import { expectImportError } from './import-helpers.ts'
import { asWalMode, GOOGLE_SCHEMA, googleAuthenticatorDb, sqliteFile } from './builders/rooted-phone.ts'

// The shared reader of SQLite files from a phone: opened from the bytes, read-only, plain tables only.

const SECRET = '4SJHB4GSD43FZBAI7C2HLRJGPQ'

describe('app databases', () => {
  it('reads the tables from the bytes and leaves the given bytes as they were', () => {
    const file = googleAuthenticatorDb([{ email: 'Deno:Mason', secret: SECRET, issuer: 'Deno' }])
    const before = Buffer.from(file)
    const db = openAppDatabase(file, 'test database')
    try {
      expect([...db.tables.keys()]).toContain('accounts')
      expect(db.rows('accounts', ['email', 'secret'])).toEqual([{ email: 'Deno:Mason', secret: SECRET }])
    } finally {
      db.close()
    }
    expect(file.equals(before)).toBe(true)
  })

  it('hardens a connection so that nothing can be written, even where the connection could', () => {
    const db = new Database(googleAuthenticatorDb([{ email: 'Deno:Mason', secret: SECRET, issuer: 'Deno' }]))
    try {
      hardenConnection(db)
      expect(() => db.exec("INSERT INTO accounts (email, secret) VALUES ('x', 'y')")).toThrow(
        /readonly|read-only|query_only/i,
      )
      expect(db.pragma('temp_store', { simple: true })).toBe(2)
      expect(db.pragma('trusted_schema', { simple: true })).toBe(0)
    } finally {
      db.close()
    }
  })

  it('opens a database the phone left in WAL mode', async () => {
    const file = asWalMode(googleAuthenticatorDb([{ email: 'Deno:Mason', secret: SECRET, issuer: 'Deno' }]))
    expect(await detectFormat(file)).toBe('google-authenticator-db')
  })

  it('does not take a view for a table: a view named `accounts` is not an app database', async () => {
    const file = sqliteFile([
      'CREATE TABLE real_accounts (email TEXT, secret TEXT, type INTEGER)',
      'CREATE VIEW accounts AS SELECT email, secret, type FROM real_accounts',
    ])
    expect(sqliteTablesOf(new ImportSample(file))?.has('accounts')).toBe(false)
    expect(await detectFormat(file)).toBeNull()
  })

  it('does not list generated columns, so they are never read', () => {
    const file = sqliteFile([
      'CREATE TABLE accounts (email TEXT, secret TEXT, type INTEGER, big BLOB AS (zeroblob(100000000)) VIRTUAL)',
    ])
    const tables = sqliteTablesOf(new ImportSample(file))
    expect([...(tables?.get('accounts') ?? [])].sort()).toEqual(['email', 'secret', 'type'])
  })

  it('refuses a table with more rows than an import may hold, before reading them', async () => {
    const rows = Array.from({ length: MAX_IMPORT_ENTRIES + 1 }, (_, index) => ({
      email: `a${index}`,
      secret: SECRET,
      type: 0,
    }))
    const file = sqliteFile(GOOGLE_SCHEMA, { accounts: rows })
    await expectImportError(file, 'import-too-large')
  }, 60_000)

  it('reports a damaged database as unreadable', async () => {
    const file = googleAuthenticatorDb([{ email: 'Deno:Mason', secret: SECRET, issuer: 'Deno' }])
    const cut = file.subarray(0, Math.floor(file.length / 2))
    await expectImportError(cut, 'import-unreadable', { format: 'google-authenticator-db' })
    const scrambled = Buffer.from(file)
    scrambled.fill(0xa5, 100, file.length)
    await expectImportError(scrambled, 'import-unreadable', { format: 'google-authenticator-db' })
  })
})
