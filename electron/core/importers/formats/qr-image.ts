import { TwofoldError } from '../../errors.ts'
import { entryFromOtpAuthUri } from '../build-entry.ts'
import { collectEntries, type CollectedEntries } from '../entry-collector.ts'
import { noOtp, unsupportedFormat } from '../import-errors.ts'
import { collectMigrationUri, isMigrationUri } from './google-migration-payload.ts'
import { looksLikeJpeg, looksLikePng } from './qr-image-decode.ts'
import { scanImageOffThread } from './qr-scan-thread.ts'
import { isOtpAuthUri } from './uri-lines.ts'
import type { FormatReader } from '../format-reader.ts'

// QR codes in an image file (PNG or JPEG): a screenshot of a service's setup page, or of Google
// Authenticator's export screen. One image may hold several codes (qr-code-scan.ts finds them). A
// code holding an otpauth:// link gives one entry; one holding an otpauth-migration:// link gives all
// of its accounts; any other code is listed as failed.

export function looksLikeQrImage(bytes: Uint8Array): boolean {
  return looksLikePng(bytes) || looksLikeJpeg(bytes)
}

export async function readQrImage(bytes: Uint8Array): Promise<CollectedEntries> {
  if (!looksLikeQrImage(bytes)) {
    throw unsupportedFormat('Only PNG and JPEG images can be scanned for QR codes.')
  }
  const codes = await scanImageOffThread(bytes)
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

export const qrImageFormat: FormatReader = {
  detect: (sample) => looksLikeQrImage(sample.bytes),
  read: (bytes) => readQrImage(bytes),
}
