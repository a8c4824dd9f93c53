import { PNG } from 'pngjs'
import { TwofoldError } from '../../errors.ts'
import { entryFromOtpAuthUri } from '../build-entry.ts'
import { collectEntries, type CollectedEntries } from '../entry-collector.ts'
import { noOtp, tooLarge, unreadable, unsupportedFormat } from '../import-errors.ts'
import { MAX_IMAGE_PIXELS } from '../import-limits.ts'
import { collectMigrationUri, isMigrationUri } from './google-migration-payload.ts'
import { scanCodes, shrinkForScanning, type Image } from './qr-code-scan.ts'
import { isOtpAuthUri } from './uri-lines.ts'

// QR codes in an image file (PNG): a screenshot of a service's setup page, or of Google
// Authenticator's export screen. One image may hold several codes (qr-code-scan.ts finds them). A
// code holding an otpauth:// link gives one entry; one holding an otpauth-migration:// link gives all
// of its accounts; any other code is listed as failed.

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
/** PNG's first chunk is IHDR; width and height sit at fixed offsets in it. */
const IHDR_WIDTH_OFFSET = 16
const IHDR_HEIGHT_OFFSET = 20

export function looksLikePng(bytes: Uint8Array): boolean {
  return PNG_SIGNATURE.every((byte, index) => bytes[index] === byte)
}

export function readQrImage(bytes: Uint8Array): CollectedEntries {
  if (!looksLikePng(bytes)) {
    throw unsupportedFormat('Only PNG images can be scanned for QR codes: save a screenshot as PNG.')
  }
  const codes = scanCodes(shrinkForScanning(decodePng(bytes)))
  if (codes.length === 0) {
    throw new TwofoldError('import-no-qr-code', 'No QR code was found in this image.')
  }
  if (!codes.some((code) => isOtpAuthUri(code.trim()) || isMigrationUri(code.trim()))) {
    throw noOtp(
      codes.length === 1
        ? 'This QR code does not hold a 2FA key (no otpauth:// or otpauth-migration:// link).'
        : 'None of the QR codes in this image holds a 2FA key.',
    )
  }
  return collectEntries((collector) => {
    codes.forEach((code, index) => {
      const text = code.trim()
      const name = `QR code ${index + 1}`
      if (isMigrationUri(text)) collectMigrationUri(text, collector)
      else if (isOtpAuthUri(text)) collector.add(name, () => entryFromOtpAuthUri(text))
      else collector.fail(name, 'this QR code does not hold a 2FA key')
    })
  })
}

function decodePng(bytes: Uint8Array): Image {
  // The size is read from the header before decoding: a small file can claim a huge image, and
  // decoding it would allocate width × height × 4 bytes.
  if (bytes.length < IHDR_HEIGHT_OFFSET + 4) throw unreadable('This PNG image is damaged or incomplete.')
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const width = view.getUint32(IHDR_WIDTH_OFFSET)
  const height = view.getUint32(IHDR_HEIGHT_OFFSET)
  if (width === 0 || height === 0) throw unreadable('This PNG image is damaged or incomplete.')
  if (width * height > MAX_IMAGE_PIXELS) {
    throw tooLarge(`This image is ${width} × ${height} pixels; crop or shrink it to at most 4096 × 4096.`)
  }
  let png: PNG
  try {
    png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))
  } catch {
    throw unreadable('This PNG image is damaged or incomplete.')
  }
  if (png.width !== width || png.height !== height || png.data.length !== width * height * 4) {
    throw unreadable('This PNG image is damaged or incomplete.')
  }
  return { data: new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), width, height }
}
