import { describe, expect, it } from 'vitest'
import { detectFormat } from '../../../electron/core/importers/read-import.ts'
import { csv, LASTPASS_HEADER } from './builders/password-managers.ts'
import { expectImportError, importedSummaries, steam, text, totp } from './import-helpers.ts'

const SECRET = 'JBSWY3DPEHPK3PXP'

describe('LastPass CSV', () => {
  it('reads rows with a totp: name, username, url, grouping (client) and extra (note); skips the rest', async () => {
    const file = csv([
      LASTPASS_HEADER,
      [
        'https://www.facebook.com/',
        'acme.page',
        'never-imported',
        SECRET,
        'ask Bo, line 1\nline 2',
        'Acme Facebook',
        'Clients\\Acme',
        '1',
      ],
      ['https://example.test', 'plain', 'pw', '', '', 'No 2FA', 'Clients\\Acme', '0'],
      ['http://sn', '', '', '', 'secret note text', 'A note', '', '0'],
      ['', 'gamer', 'pw', `steam://${SECRET}`, '', 'Steam', '', '0'],
      [
        '',
        'me',
        'pw',
        `otpauth://totp/Mail:me@mail.test?secret=${SECRET}&digits=8`,
        '',
        'Mail',
        'Personal',
        '0',
      ],
      ['', 'x', 'pw', 'not base32!', '', 'Broken', '', '0'],
    ])
    expect(await detectFormat(file)).toBe('lastpass-csv')
    const parsed = await importedSummaries(file)
    expect(parsed.format).toBe('lastpass-csv')
    expect(parsed.entries).toEqual([
      {
        issuer: 'Acme Facebook',
        accountName: 'acme.page',
        group: 'Clients\\Acme',
        note: 'ask Bo, line 1\nline 2',
        secret: SECRET,
        params: totp(),
        platform: 'facebook',
      },
      { issuer: 'Steam', accountName: 'gamer', secret: SECRET, params: steam },
      {
        issuer: 'Mail',
        accountName: 'me@mail.test',
        group: 'Personal',
        secret: SECRET,
        params: totp('SHA1', 8),
      },
    ])
    // Row 2 spans two lines (the quoted note), so the broken row ends on line 8.
    expect(parsed.failed.map(({ position, name }) => [position, name])).toEqual([[8, 'Broken']])
    expect(JSON.stringify(parsed)).not.toContain('never-imported')
  })

  it('reads an old export without a totp column as having nothing to import', async () => {
    const file = csv([
      LASTPASS_HEADER.filter((name) => name !== 'totp'),
      ['https://a.test', 'u', 'p', '', 'A', '', '0'],
    ])
    expect(await detectFormat(file)).toBe('lastpass-csv')
    const parsed = await importedSummaries(file)
    expect(parsed.entries).toEqual([])
    expect(parsed.failed).toEqual([])
  })

  it('refuses a file that is not text', async () => {
    await expectImportError(new Uint8Array([0xff, 0xfe, 0x00, 0xd8, 0x00, 0x00]), 'import-unreadable', {
      format: 'lastpass-csv',
    })
    await expectImportError(text('just,some,columns\n1,2,3\n'), 'import-unreadable', {
      format: 'lastpass-csv',
    })
  })
})
