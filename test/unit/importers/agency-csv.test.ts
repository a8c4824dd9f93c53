import { describe, expect, it } from 'vitest'
import { expectImportError, importedSummaries, text, totp } from './import-helpers.ts'

const uri = 'otpauth://totp/Instagram:ana.studio?secret=JBSWY3DPEHPK3PXP&issuer=Instagram'

describe('agency accounts CSV', () => {
  it('turns a spreadsheet into entries, with or without a link', async () => {
    const csv = [
      'Platform, Handle ,CLIENT,SMS Phone,WhatsApp_Phone,Notes,OTPAuth URI',
      `instagram,@ana.studio,Ana Studio,+44 7700 900123,+44 7700 900124,"main, verified",${uri}`,
      'TikTok,bo.films,Bo Films,,,,',
      'Snapchat,cy,,,,,',
      ',,,,,,',
      ',,Lonely client,,,,',
    ].join('\n')
    const parsed = await importedSummaries(text(csv))
    expect(parsed.format).toBe('agency-csv')
    expect(parsed.entries).toEqual([
      {
        issuer: 'Instagram',
        accountName: 'ana.studio',
        group: 'Ana Studio',
        note: 'main, verified',
        secret: 'JBSWY3DPEHPK3PXP',
        params: totp(),
        platform: 'instagram',
        handle: 'ana.studio',
        sms: '+44 7700 900123',
        whatsapp: '+44 7700 900124',
      },
      {
        issuer: 'TikTok',
        accountName: 'bo.films',
        group: 'Bo Films',
        secret: null,
        params: null,
        platform: 'tiktok',
        handle: 'bo.films',
      },
      {
        issuer: 'Snapchat',
        accountName: 'cy',
        secret: null,
        params: null,
        platform: 'generic',
        handle: 'cy',
      },
    ])
    expect(parsed.failed).toEqual([
      { position: 6, name: '', reason: 'the row has neither a handle nor an otpauth link' },
    ])
  })

  it('accepts short aliases, any column order, semicolons and UTF-16 from spreadsheet programs', async () => {
    const csv = `uri;handle;sms\n${uri};ana.studio;+1 555 0100\n`
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv, 'utf16le')])
    for (const bytes of [text(csv), utf16]) {
      const parsed = await importedSummaries(bytes)
      expect(parsed.format).toBe('agency-csv')
      expect(parsed.entries).toEqual([
        expect.objectContaining({
          handle: 'ana.studio',
          sms: '+1 555 0100',
          platform: 'instagram',
          issuer: 'Instagram',
        }),
      ])
    }
  })

  it('lists a row with a broken link as failed, by its row number', async () => {
    const parsed = await importedSummaries(text('handle,uri\nana,otpauth://totp/x?secret=1\nbo,\n'))
    expect(parsed.entries.map((entry) => entry.handle)).toEqual(['bo'])
    expect(parsed.failed.map(({ position, name }) => [position, name])).toEqual([[2, 'ana']])
    expect(parsed.failed[0]?.reason).toMatch(/Base32/)
  })

  it('refuses a CSV with broken quoting', async () => {
    await expectImportError(text('handle,uri\n"ana,otp\n'), 'import-unreadable', { format: 'agency-csv' })
  })
})
