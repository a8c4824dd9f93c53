import { describe, expect, it } from 'vitest'
import { openAppDatabase, sqliteTablesOf } from '../../../electron/core/importers/app-database.ts'
import { ImportSample } from '../../../electron/core/importers/import-sample.ts'
import { detectFormat } from '../../../electron/core/importers/read-import.ts'
import { MAX_IMPORT_ENTRIES } from '../../../electron/core/importers/import-limits.ts'
import { expectImportError } from './import-helpers.ts'
import { asWalMode, GOOGLE_SCHEMA, googleAuthenticatorDb, sqliteFile } from './builders/rooted-phone.ts'

// The shared reader of SQLite files from a phone: opened from the bytes, read-only, plain tables only.

const SECRET = '4SJHB4GSD43FZBAI7C2HLRJGPQ'

describe('app databases', () => {
  it('opens the bytes read-only: a write is refused and the given bytes are left as they were', () => {
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
