import { encode as encodeJpeg } from 'jpeg-js'
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

  it('refuses a damaged PNG and a non-image forced as one', async () => {
    const image = qrPng([single])
    await expectImportError(image.subarray(0, image.length - 40), 'import-unreadable')
    await expectImportError(Buffer.from('GIF89a not a qr image'), 'import-unsupported-format', {
      format: 'qr-image',
    })
  })
})

/** The same picture as a phone camera or a screenshot tool saves it: lossy JPEG. */
function asJpeg(png: Uint8Array, quality = 85): Buffer {
  const decoded = PNG.sync.read(Buffer.from(png))
  return encodeJpeg({ data: decoded.data, width: decoded.width, height: decoded.height }, quality).data
}

describe('QR codes in a JPEG image', () => {
  it('reads the codes of a JPEG photo or screenshot, detected from its content', async () => {
    const parsed = await importedSummaries(asJpeg(qrPng([single])))
    expect(parsed.format).toBe('qr-image')
    expect(parsed.entries).toEqual([
      { issuer: 'Instagram', accountName: 'ana', secret: 'JBSWY3DPEHPK3PXP', params: totp() },
    ])
  })

  it('says when a JPEG holds no code', async () => {
    const blank = new PNG({ width: 64, height: 64 })
    blank.data.fill(255)
    await expectImportError(asJpeg(PNG.sync.write(blank)), 'import-no-qr-code')
  })

  it('refuses a damaged JPEG, and one whose header claims a huge size, with a typed error', async () => {
    const image = asJpeg(qrPng([single]))
    await expectImportError(image.subarray(0, 200), 'import-unreadable')
    // The frame header (SOF0, FF C0) carries height and width 3 and 5 bytes after its length.
    const huge = Buffer.from(image)
    const sof = huge.indexOf(Buffer.from([0xff, 0xc0]))
    huge.writeUInt16BE(60_000, sof + 5)
    huge.writeUInt16BE(60_000, sof + 7)
    await expectImportError(huge, 'import-too-large')
  })
})
