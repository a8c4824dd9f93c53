import { describe, expect, it } from 'vitest'
import { detectFormat } from '../../../electron/core/importers/read-import.ts'
import {
  reason,
  sharedPrefs,
  totpAuthenticatorBackup,
  totpAuthenticatorPlaintext,
  totpAuthenticatorPrefs,
  type TotpAuthenticatorAccount,
} from './builders/small-apps.ts'
import { expectImportError, importedSummaries, totp } from './import-helpers.ts'

// JBSWY3DPEHPK3PXP is the bytes 48656c6c6f21deadbeef, written three ways as the app may.
const accounts: TotpAuthenticatorAccount[] = [
  { issuer: 'Instagram', name: 'ana', key: '48656C6C6F21DEADBEEF', base: 16 },
  { issuer: 'Bank', name: 'bob', key: 'GEZDGNBVGY3TQOJQ', base: 32, digits: '7', period: '20' },
  { issuer: 'Shop', name: 'cy', key: 'SGVsbG8h3q2+7w==', base: 64, digits: '8', period: '60' },
]
const expected = [
  { issuer: 'Instagram', accountName: 'ana', secret: 'JBSWY3DPEHPK3PXP', params: totp() },
  { issuer: 'Bank', accountName: 'bob', secret: 'GEZDGNBVGY3TQOJQ', params: totp('SHA1', 7, 20) },
  { issuer: 'Shop', accountName: 'cy', secret: 'JBSWY3DPEHPK3PXP', params: totp('SHA1', 8, 60) },
]

describe('TOTP Authenticator backup', () => {
  const backup = totpAuthenticatorBackup(totpAuthenticatorPlaintext(accounts), 'Secret1')

  it('reads every account with its issuer, name, key encoding, digits and period', async () => {
    const parsed = await importedSummaries(backup, { password: 'Secret1' })
    expect(parsed.format).toBe('totp-authenticator')
    expect(parsed.entries).toEqual(expected)
    expect(parsed.failed).toEqual([])
  })

  it("opens a backup made without a password (the app's built-in one) without asking", async () => {
    const builtIn = totpAuthenticatorBackup(totpAuthenticatorPlaintext(accounts), 'TotpAuthenticator')
    expect((await importedSummaries(builtIn)).entries).toEqual(expected)
  })

  it('asks for the password when the built-in one does not open it, and refuses a wrong one', async () => {
    await expectImportError(backup, 'import-password-required')
    await expectImportError(backup, 'import-password-required', { password: '' })
    await expectImportError(backup, 'import-wrong-password', { password: 'Secret2' })
  })

  it('says a damaged backup is damaged (or the password wrong: the file has no check of its own)', async () => {
    const text = backup.toString('utf8')
    const cut = Buffer.from(text.slice(0, text.length - 8), 'utf8')
    await expectImportError(cut, 'import-unreadable', { format: 'totp-authenticator', password: 'Secret1' })
    const flipped = Buffer.from(backup)
    flipped[flipped.length - 5] = flipped[flipped.length - 5] === 0x41 ? 0x42 : 0x41
    await expectImportError(flipped, 'import-wrong-password', { password: 'Secret1' })
    await expectImportError(Buffer.from('not base64 at all!'), 'import-unreadable', {
      format: 'totp-authenticator',
      password: 'x',
    })
  })

  it('lists an account with an unknown key encoding or a bad key as failed, and reads the rest', async () => {
    const mixed = totpAuthenticatorBackup(
      totpAuthenticatorPlaintext([
        { issuer: 'Odd', name: 'octal', key: '1234', base: 8 },
        { issuer: 'Bad', name: 'hex', key: 'XYZ', base: 16 },
        accounts[0] as TotpAuthenticatorAccount,
      ]),
      'pw',
    )
    const parsed = await importedSummaries(mixed, { password: 'pw' })
    expect(parsed.entries).toEqual([expected[0]])
    expect(parsed.failed).toEqual([
      { position: 1, name: 'Odd: octal', reason: reason(/encoding/) },
      { position: 2, name: 'Bad: hex', reason: reason(/hexadecimal/) },
    ])
  })

  it('reads accounts stored as JSON text inside the list, as older versions wrote them', async () => {
    const list = JSON.stringify([
      JSON.stringify({ issuer: 'Old', name: 'ana', key: '48656C6C6F21DEADBEEF', base: 16 }),
    ])
    const parsed = await importedSummaries(totpAuthenticatorBackup(JSON.stringify({ [list]: '1' }), 'pw'), {
      password: 'pw',
    })
    expect(parsed.entries).toEqual([
      { issuer: 'Old', accountName: 'ana', secret: 'JBSWY3DPEHPK3PXP', params: totp() },
    ])
  })

  it('claims Base64 backups by content, but not a Base64 file named .maFile (SDA)', async () => {
    expect(await detectFormat(backup)).toBe('totp-authenticator')
    expect(await detectFormat(backup, '76561198000000000.maFile')).toBe('steam-desktop-authenticator')
    expect(await detectFormat(Buffer.from('otpauth://totp/A?secret=JBSWY3DPEHPK3PXP\n'))).toBe('otpauth-list')
  })
})

describe('TOTP Authenticator settings file (rooted phone)', () => {
  it('reads the account list from STATIC_TOTP_CODES_LIST', async () => {
    const parsed = await importedSummaries(totpAuthenticatorPrefs(accounts))
    expect(parsed.format).toBe('totp-authenticator-rooted')
    expect(parsed.entries).toEqual(expected)
  })

  it('does not claim other apps’ settings files, and says so when forced on one', async () => {
    const other = sharedPrefs({ tokenOrder: '[]' })
    expect(await detectFormat(other)).not.toBe('totp-authenticator-rooted')
    await expectImportError(other, 'import-unreadable', { format: 'totp-authenticator-rooted' })
  })

  it('refuses a damaged account list with a typed error', async () => {
    await expectImportError(sharedPrefs({ STATIC_TOTP_CODES_LIST: '[{"key":' }), 'import-unreadable')
    const cut = totpAuthenticatorPrefs(accounts).subarray(0, 200)
    await expectImportError(cut, 'import-unreadable', { format: 'totp-authenticator-rooted' })
  })
})
