import { describe, expect, it } from 'vitest'
import { detectFormat } from '../../../electron/core/importers/read-import.ts'
import { csv, DASHLANE_HEADER, DASHLANE_NEW_HEADER } from './builders/password-managers.ts'
import { expectImportError, importedSummaries, text, totp } from './import-helpers.ts'

const SECRET = 'JBSWY3DPEHPK3PXP'

describe('Dashlane CSV', () => {
  it('reads rows with otpSecret: title, first username, url, category (client) and note; skips the rest', async () => {
    const file = csv([
      DASHLANE_HEADER,
      [
        '',
        'acme_tt',
        '',
        'Acme TikTok',
        'never-imported',
        'posting account',
        'https://www.tiktok.com',
        'Acme',
        SECRET,
      ],
      ['plain', '', '', 'No 2FA', 'pw', '', 'https://example.test', 'Acme', ''],
      [
        'me@mail.test',
        '',
        '',
        'Mail',
        'pw',
        '',
        'mail.test',
        '',
        `otpauth://totp/Mail?secret=${SECRET}&algorithm=SHA512`,
      ],
      ['x', '', '', 'Broken', 'pw', '', '', '', '12345'],
    ])
    expect(await detectFormat(file)).toBe('dashlane-csv')
    const parsed = await importedSummaries(file)
    expect(parsed.format).toBe('dashlane-csv')
    expect(parsed.entries).toEqual([
      {
        issuer: 'Acme TikTok',
        accountName: 'acme_tt',
        group: 'Acme',
        note: 'posting account',
        secret: SECRET,
        params: totp(),
        platform: 'tiktok',
      },
      // The link's label is the account name; the title is the issuer it lacks.
      { issuer: 'Mail', accountName: 'Mail', secret: SECRET, params: totp('SHA512') },
    ])
    expect(parsed.failed.map(({ position, name }) => [position, name])).toEqual([[5, 'Broken']])
    expect(JSON.stringify(parsed)).not.toContain('never-imported')
  })

  it('reads the newer otpUrl column', async () => {
    const file = csv([
      DASHLANE_NEW_HEADER,
      [
        'ana',
        '',
        '',
        'Google',
        'pw',
        '',
        'https://accounts.google.com',
        'Agency',
        `otpauth://totp/Google:ana@g.test?secret=${SECRET}&issuer=Google`,
      ],
    ])
    expect(await detectFormat(file)).toBe('dashlane-csv')
    expect((await importedSummaries(file)).entries).toEqual([
      {
        issuer: 'Google',
        accountName: 'ana@g.test',
        group: 'Agency',
        secret: SECRET,
        params: totp(),
        platform: 'google',
      },
    ])
  })

  it('refuses a CSV without an OTP column', async () => {
    await expectImportError(text('username,title,password\na,b,c\n'), 'import-unreadable', {
      format: 'dashlane-csv',
    })
  })
})
