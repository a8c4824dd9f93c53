import { describe, expect, it } from 'vitest'
import { expectImportError, importedSummaries, steam, text, totp } from './import-helpers.ts'

describe('otpauth link list', () => {
  it('skips blank lines and comments; failures carry their line number; unsupported types are listed', async () => {
    const file = [
      '# exported by hand',
      '',
      'otpauth://totp/Instagram:ana?secret=JBSWY3DPEHPK3PXP&issuer=Instagram',
      'otpauth://motp/Old:me?secret=JBSWY3DPEHPK3PXP',
      'otpauth://yandex/Ya:me?secret=JBSWY3DPEHPK3PXP',
      'otpauth://totp/Bad%20Secret?secret=0000',
      'some note someone typed',
      '   otpauth://steam/Steam:gamer?secret=KRUGS4ZANFZSAYJA   ',
    ].join('\r\n')
    const parsed = await importedSummaries(text(file))
    expect(parsed.format).toBe('otpauth-list')
    expect(parsed.entries).toEqual([
      { issuer: 'Instagram', accountName: 'ana', secret: 'JBSWY3DPEHPK3PXP', params: totp() },
      { issuer: 'Steam', accountName: 'gamer', secret: 'KRUGS4ZANFZSAYJA', params: steam },
    ])
    expect(parsed.failed.map(({ position, name }) => [position, name])).toEqual([
      [4, 'Old:me'],
      [5, 'Ya:me'],
      [6, 'Bad Secret'],
      [7, 'line 7'],
    ])
    expect(parsed.failed[0]!.reason).toMatch(/not supported/)
    expect(parsed.failed[1]!.reason).toMatch(/not supported/)
    expect(JSON.stringify(parsed.failed)).not.toContain('0000')
  })

  it('refuses text without any link when forced, and when detected', async () => {
    await expectImportError(text('just words\nmore words'), 'import-no-otp', { format: 'otpauth-list' })
    await expectImportError(text('just words\nmore words'), 'import-unsupported-format')
  })

  it('refuses text that is not UTF-8', async () => {
    await expectImportError(Buffer.from([0xff, 0xfe, 0xfd, 0x80, 0x81]), 'import-unreadable', {
      format: 'otpauth-list',
    })
  })
})
