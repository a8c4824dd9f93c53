import { readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { describe, expect, it } from 'vitest'
import { detectFormat } from '../../../electron/core/importers/read-import.ts'
import { expectImportError, hotp, importedSummaries, steam, totp } from './import-helpers.ts'
import {
  authenticatorPlusDb,
  authenticatorPlusPlainDb,
  zipWith,
  type AuthenticatorPlusAccount,
} from './builders/rooted-phone.ts'

// Authenticator Plus: its password-protected export zip (Accounts.txt of otpauth links) and its
// SQLCipher 3 backup database (authplus.db), alone, zipped, or already decrypted.

const A = '4SJHB4GSD43FZBAI7C2HLRJGPQ'
const B = 'YOOMIXWS5GN6RTBPUFFWKTW5M4'
const C = 'JRZCL47CMXVOQMNPZR2F7J4RGI'
const PASSWORD = 'master password'

const ACCOUNTS_TXT = [
  `otpauth://totp/SPDX:James?secret=${A}&issuer=SPDX&algorithm=SHA256&digits=7&period=20`,
  `otpauth://hotp/WWE:Mason?secret=${B}&issuer=WWE&algorithm=SHA512&digits=8&counter=10300`,
  `otpauth://steam/Boeing:Sophia?secret=${C}&issuer=Boeing`,
].join('\n')

const ACCOUNTS: AuthenticatorPlusAccount[] = [
  { email: 'Deno:Mason', secret: A, issuer: 'Deno', category: 'Acme Corp' },
  { email: 'Issuu:James', secret: B, type: 1, counter: 7, issuer: 'Issuu' },
  { email: 'ana@example.com', secret: C, issuer: 'Mail', category: 'All Accounts' },
]

const FROM_DATABASE = [
  { issuer: 'Deno', accountName: 'Mason', secret: A, params: totp(), group: 'Acme Corp' },
  { issuer: 'Issuu', accountName: 'James', secret: B, params: hotp(), counter: 7 },
  { issuer: 'Mail', accountName: 'ana@example.com', secret: C, params: totp() },
]

function importFolders(): string[] {
  return readdirSync(tmpdir()).filter((name) => name.startsWith('twofold-import-'))
}

describe('Authenticator Plus', () => {
  it('reads the export zip (WinZip AES) with its password: every link in Accounts.txt', async () => {
    const zip = await zipWith({ 'Accounts.txt': ACCOUNTS_TXT }, PASSWORD)
    const parsed = await importedSummaries(zip, { password: PASSWORD })
    expect(parsed.format).toBe('authenticator-plus')
    expect(parsed.failed).toEqual([])
    expect(parsed.entries).toEqual([
      { issuer: 'SPDX', accountName: 'James', secret: A, params: totp('SHA256', 7, 20) },
      { issuer: 'WWE', accountName: 'Mason', secret: B, params: hotp('SHA512', 8), counter: 10300 },
      { issuer: 'Boeing', accountName: 'Sophia', secret: C, params: steam },
    ])
  })

  it('asks for the export zip’s password, and refuses a wrong one', async () => {
    const zip = await zipWith({ 'Accounts.txt': ACCOUNTS_TXT }, PASSWORD)
    await expectImportError(zip, 'import-password-required')
    await expectImportError(zip, 'import-wrong-password', { password: 'not it' })
  })

  it('reads the SQLCipher backup with the master password: accounts, counters and categories (not All Accounts)', async () => {
    const before = importFolders()
    const database = authenticatorPlusDb(ACCOUNTS, PASSWORD)
    const parsed = await importedSummaries(database, { password: PASSWORD, fileName: 'authplus.db' })
    expect(parsed.format).toBe('authenticator-plus')
    expect(parsed.failed).toEqual([])
    expect(parsed.entries).toEqual(FROM_DATABASE)
    // The private copy SQLCipher needed is gone.
    expect(importFolders()).toEqual(before)
  })

  it('asks for the backup’s password, and refuses a wrong one (leaving no copy behind)', async () => {
    const before = importFolders()
    const database = authenticatorPlusDb(ACCOUNTS, PASSWORD)
    await expectImportError(database, 'import-password-required', { fileName: 'authplus.db' })
    await expectImportError(database, 'import-wrong-password', {
      fileName: 'authplus.db',
      password: 'not it',
    })
    expect(importFolders()).toEqual(before)
  })

  it('reads the backup inside a zip, and a backup already decrypted', async () => {
    const zipped = await zipWith({ 'authplus.db': authenticatorPlusDb(ACCOUNTS, PASSWORD) })
    expect(await detectFormat(zipped)).toBe('authenticator-plus')
    expect((await importedSummaries(zipped, { password: PASSWORD })).entries).toEqual(FROM_DATABASE)
    const plain = authenticatorPlusPlainDb(ACCOUNTS)
    expect(await detectFormat(plain)).toBe('authenticator-plus')
    expect((await importedSummaries(plain)).entries).toEqual(FROM_DATABASE)
  })

  it('reports a damaged backup as unreadable or as the password failing, never as accounts', async () => {
    const database = authenticatorPlusDb(ACCOUNTS, PASSWORD)
    await expectImportError(database.subarray(0, 1000), 'import-unreadable', {
      fileName: 'authplus.db',
      password: PASSWORD,
    })
    const flipped = Buffer.from(database)
    flipped[100] = (flipped[100] ?? 0) ^ 0xff
    await expectImportError(flipped, 'import-wrong-password', { fileName: 'authplus.db', password: PASSWORD })
  })

  it('knows the backup only by its name (its bytes are random), and the zip by its files', async () => {
    const database = authenticatorPlusDb(ACCOUNTS, PASSWORD)
    expect(await detectFormat(database, 'authplus.db')).toBe('authenticator-plus')
    expect(await detectFormat(database, '.synced_authplus.db')).toBe('authenticator-plus')
    expect(await detectFormat(await zipWith({ 'Accounts.txt': ACCOUNTS_TXT }, PASSWORD))).toBe(
      'authenticator-plus',
    )
    expect(await detectFormat(await zipWith({ 'notes.txt': 'hello' }))).not.toBe('authenticator-plus')
  })
})
