import { describe, expect, it } from 'vitest'
import { detectFormat } from '../../../electron/core/importers/read-import.ts'
import { hotp, importedSummaries, totp } from './import-helpers.ts'
import { googleAuthenticatorDb, microsoftAuthenticatorDb, sqliteFile } from './builders/rooted-phone.ts'

// Google Authenticator's own database (rooted phone): labels, issuers, TOTP and HOTP with counters.

const A = '4SJHB4GSD43FZBAI7C2HLRJGPQ'
const B = 'YOOMIXWS5GN6RTBPUFFWKTW5M4'
const C = '5OM4WOOGPLQEF6UGN3CPEOOLWU'

describe('Google Authenticator database', () => {
  it('reads every account with its issuer, name, kind and counter; settings are SHA1/6/30', async () => {
    const file = googleAuthenticatorDb([
      { email: 'Deno:Mason', secret: A, issuer: 'Deno' },
      { email: 'Issuu:James', secret: B, type: 1, counter: 42, issuer: 'Issuu' },
      { email: 'Shop:ana@example.com', secret: C, issuer: null },
      { email: 'plain@example.com', secret: A, issuer: 'Mail' },
    ])
    const parsed = await importedSummaries(file)
    expect(parsed.format).toBe('google-authenticator-db')
    expect(parsed.failed).toEqual([])
    expect(parsed.entries).toEqual([
      { issuer: 'Deno', accountName: 'Mason', secret: A, params: totp() },
      { issuer: 'Issuu', accountName: 'James', secret: B, params: hotp(), counter: 42 },
      // No issuer column value: the label's prefix is the issuer, as in an otpauth link.
      { issuer: 'Shop', accountName: 'ana@example.com', secret: C, params: totp() },
      { issuer: 'Mail', accountName: 'plain@example.com', secret: A, params: totp() },
    ])
  })

  it('lists an unknown type and a bad secret as failed, with reasons, and reads the rest', async () => {
    const file = googleAuthenticatorDb([
      { email: 'Odd:x', secret: A, type: 7, issuer: 'Odd' },
      { email: 'Broken:y', secret: 'not base32 !!', issuer: 'Broken' },
      { email: 'Deno:Mason', secret: A, issuer: 'Deno' },
    ])
    const parsed = await importedSummaries(file)
    expect(parsed.entries.map((entry) => entry.issuer)).toEqual(['Deno'])
    expect(parsed.failed).toHaveLength(2)
    expect(parsed.failed[0]).toMatchObject({ position: 1, name: 'Odd:x' })
    expect(parsed.failed[0]?.reason).toMatch(/not supported/)
    expect(parsed.failed[1]).toMatchObject({ position: 2, name: 'Broken:y' })
    expect(parsed.failed.map((failed) => failed.reason).join(' ')).not.toContain('not base32')
  })

  it('is detected by its tables, and does not claim other SQLite files', async () => {
    expect(await detectFormat(googleAuthenticatorDb([]))).toBe('google-authenticator-db')
    expect(await detectFormat(microsoftAuthenticatorDb([]))).toBe('microsoft-authenticator-db')
    expect(await detectFormat(sqliteFile(['CREATE TABLE notes (body TEXT)']))).toBeNull()
  })
})
