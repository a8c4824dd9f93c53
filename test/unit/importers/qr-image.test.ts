import { PNG } from 'pngjs'
import { describe, expect, it } from 'vitest'
import { googleMigrationUri, qrPng } from './export-builders.ts'
import { expectImportError, importedSummaries, totp } from './import-helpers.ts'

const single = 'otpauth://totp/Instagram:ana?secret=JBSWY3DPEHPK3PXP&issuer=Instagram'
const hello = Buffer.from('Hello!\xde\xad\xbe\xef', 'latin1')

describe('QR codes in a PNG image', () => {
  it('reads one otpauth code', async () => {
    const parsed = await importedSummaries(qrPng([single]))
    expect(parsed.format).toBe('qr-image')
    expect(parsed.entries).toEqual([
      { issuer: 'Instagram', accountName: 'ana', secret: 'JBSWY3DPEHPK3PXP', params: totp() },
    ])
  })

  it('finds several codes in one image, expands a Google export code, and lists a non-OTP code as failed', async () => {
    const image = qrPng([
      single,
      googleMigrationUri([
        { secret: hello, name: 'g1', issuer: 'G' },
        { secret: hello, name: 'g2', issuer: 'G' },
      ]),
      'https://example.com/not-a-key',
    ])
    const parsed = await importedSummaries(image)
    expect(parsed.entries.map((entry) => entry.accountName).sort()).toEqual(['ana', 'g1', 'g2'])
    expect(parsed.failed).toHaveLength(1)
    expect(parsed.failed[0]?.name).toMatch(/^QR code \d$/)
    expect(parsed.failed[0]?.reason).toBe('this QR code does not hold a 2FA key')
  })

  it('says when the codes hold no 2FA key, and when there is no code at all', async () => {
    await expectImportError(qrPng(['hello world']), 'import-no-otp')
    const blank = new PNG({ width: 64, height: 64 })
    blank.data.fill(255)
    await expectImportError(PNG.sync.write(blank), 'import-no-qr-code')
  })

  it('refuses an image whose header claims a huge size, before decoding it', async () => {
    const image = Buffer.from(qrPng([single]))
    image.writeUInt32BE(100_000, 16)
    image.writeUInt32BE(100_000, 20)
    await expectImportError(image, 'import-too-large')
  })

  it('refuses a damaged PNG and a non-PNG image forced as one', async () => {
    const image = qrPng([single])
    await expectImportError(image.subarray(0, image.length - 40), 'import-unreadable')
    await expectImportError(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), 'import-unsupported-format', {
      format: 'qr-image',
    })
  })
})
