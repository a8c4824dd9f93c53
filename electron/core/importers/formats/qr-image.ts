import { decode as decodeJpegBytes } from 'jpeg-js'
import { PNG } from 'pngjs'
import { TwofoldError } from '../../errors.ts'
import { entryFromOtpAuthUri } from '../build-entry.ts'
import { collectEntries, type CollectedEntries } from '../entry-collector.ts'
import { noOtp, tooLarge, unreadable, unsupportedFormat } from '../import-errors.ts'
import { MAX_IMAGE_PIXELS } from '../import-limits.ts'
import { collectMigrationUri, isMigrationUri } from './google-migration-payload.ts'
import { scanCodes, shrinkForScanning, type Image } from './qr-code-scan.ts'
import { isOtpAuthUri } from './uri-lines.ts'

// QR codes in an image file (PNG or JPEG): a screenshot of a service's setup page, or of Google
// Authenticator's export screen. One image may hold several codes (qr-code-scan.ts finds them). A
// code holding an otpauth:// link gives one entry; one holding an otpauth-migration:// link gives all
// of its accounts; any other code is listed as failed.

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
/** PNG's first chunk is IHDR; width and height sit at fixed offsets in it. */
const IHDR_WIDTH_OFFSET = 16
const IHDR_HEIGHT_OFFSET = 20

/** Every JPEG starts with a start-of-image marker followed by another marker. */
const JPEG_SIGNATURE = [0xff, 0xd8, 0xff]

export function looksLikePng(bytes: Uint8Array): boolean {
  return PNG_SIGNATURE.every((byte, index) => bytes[index] === byte)
}

export function looksLikeJpeg(bytes: Uint8Array): boolean {
  return JPEG_SIGNATURE.every((byte, index) => bytes[index] === byte)
}

export function looksLikeQrImage(bytes: Uint8Array): boolean {
  return looksLikePng(bytes) || looksLikeJpeg(bytes)
}

export function readQrImage(bytes: Uint8Array): CollectedEntries {
  if (!looksLikeQrImage(bytes)) {
    throw unsupportedFormat('Only PNG and JPEG images can be scanned for QR codes.')
  }
  const image = looksLikePng(bytes) ? decodePng(bytes) : decodeJpeg(bytes)
  const codes = scanCodes(shrinkForScanning(image))
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

function decodeJpeg(bytes: Uint8Array): Image {
  let decoded: { width: number; height: number; data: Uint8Array }
  try {
    // jpeg-js checks the frame header against these limits before it allocates the pixels, so a
    // small file claiming a gigapixel image is refused rather than decoded.
    decoded = decodeJpegBytes(bytes, {
      useTArray: true,
      formatAsRGBA: true,
      maxResolutionInMP: MAX_IMAGE_PIXELS / 1_000_000,
      maxMemoryUsageInMB: 512,
    })
  } catch (error) {
    const text = error instanceof Error ? error.message : ''
    if (/maxResolutionInMP|maxMemoryUsageInMB|memory/i.test(text)) {
      throw tooLarge('This image is too large to scan; crop or shrink it to at most 4096 × 4096.')
    }
    throw unreadable('This JPEG image is damaged or incomplete.')
  }
  const { width, height, data } = decoded
  if (width === 0 || height === 0 || data.length !== width * height * 4) {
    throw unreadable('This JPEG image is damaged or incomplete.')
  }
  return { data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), width, height }
}
