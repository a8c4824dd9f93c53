import type { CollectedEntries } from './entry-collector.ts'
import { importFormats, type ImportFormat, type ParsedImport } from './imported-entry.ts'
import { csvHeader } from './import-csv.ts'
import { tooLarge, unsupportedFormat } from './import-errors.ts'
import { parseJson } from './import-json.ts'
import { MAX_IMPORT_BYTES } from './import-limits.ts'
import { contentLines, decodeText } from './import-text.ts'
import { looksLikeAegis, readAegis } from './formats/aegis.ts'
import { looksLikeAgencyCsv, readAgencyCsv } from './formats/agency-csv.ts'
import { looksLikeAndOtp, looksLikeEncryptedAndOtp, readAndOtp } from './formats/andotp.ts'
import {
  looksLikeAuthenticatorPro,
  looksLikeEncryptedAuthenticatorPro,
  readAuthenticatorPro,
} from './formats/authenticator-pro.ts'
import { looksLikeBitwardenCsv, readBitwardenCsv } from './formats/bitwarden-csv.ts'
import { looksLikeBitwardenJson, readBitwardenJson } from './formats/bitwarden-json.ts'
import { looksLikeEnte, readEnte } from './formats/ente.ts'
import { looksLikeGoogleMigration, readGoogleMigration } from './formats/google-migration.ts'
import { looksLikeOtpAuthList, readOtpAuthList } from './formats/otpauth-list.ts'
import { looksLikeQrImage, readQrImage } from './formats/qr-image.ts'
import { looksLikeTwoFas, readTwoFas } from './formats/twofas.ts'

// The one way into the importers: find out what a file is from its content, then read it with that
// format's reader. Every failure is a TwofoldError with an import code.

export interface ReadImportOptions {
  /** Skips detection (the person chose the format). */
  format?: ImportFormat
  /** For encrypted exports; without it they fail with `import-password-required`. */
  password?: string
  /** Only a tie-breaker for detection, where content cannot decide (andOTP's old encrypted files). */
  fileName?: string
}

type Reader = (
  bytes: Uint8Array,
  password: string | undefined,
) => CollectedEntries | Promise<CollectedEntries>

const readers: Readonly<Record<ImportFormat, Reader>> = {
  'otpauth-list': readOtpAuthList,
  'google-migration': readGoogleMigration,
  aegis: readAegis,
  twofas: readTwoFas,
  ente: readEnte,
  'bitwarden-json': readBitwardenJson,
  'bitwarden-csv': readBitwardenCsv,
  andotp: readAndOtp,
  'authenticator-pro': readAuthenticatorPro,
  'agency-csv': readAgencyCsv,
  'qr-image': readQrImage,
}

/** JSON formats, most specific first: each test looks for the keys only that format writes. */
const jsonFormats: readonly [ImportFormat, (json: unknown) => boolean][] = [
  ['aegis', looksLikeAegis],
  ['twofas', looksLikeTwoFas],
  ['ente', looksLikeEnte],
  ['authenticator-pro', looksLikeAuthenticatorPro],
  ['bitwarden-json', looksLikeBitwardenJson],
  ['andotp', looksLikeAndOtp],
]

/** Keys only each format writes, for JSON too damaged to parse. */
const damagedJsonFormats: readonly [ImportFormat, RegExp][] = [
  // No open-ended wildcards: the text may be 20 MiB of hostile repetition.
  ['aegis', /"header"\s*:\s*\{\s*"(?:slots|params)"/],
  ['twofas', /"(?:servicesEncrypted|schemaVersion)"\s*:/],
  ['ente', /"kdfParams"\s*:/],
  ['authenticator-pro', /"Authenticators"\s*:/],
  ['bitwarden-json', /"(?:encKeyValidation_DO_NOT_EDIT|items)"\s*:/],
  ['andotp', /^\s*\[\s*\{\s*"(?:secret|issuer|label)"/],
]

function checkSize(bytes: Uint8Array): void {
  if (!(bytes instanceof Uint8Array)) throw unsupportedFormat('The file could not be read.')
  if (bytes.length > MAX_IMPORT_BYTES) {
    throw tooLarge(
      `This file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MiB, far beyond any authenticator export.`,
    )
  }
}

/**
 * The file's format from its content, or null when it is none Twofold reads. The file name only
 * breaks a tie content cannot decide. Throws `import-too-large` for files over the size cap.
 */
export function detectFormat(bytes: Uint8Array, fileName?: string): ImportFormat | null {
  checkSize(bytes)
  if (looksLikeQrImage(bytes)) return 'qr-image'
  if (looksLikeEncryptedAuthenticatorPro(bytes)) return 'authenticator-pro'

  const text = decodeText(bytes)
  if (text === null) {
    if (looksLikeEncryptedAndOtp(bytes)) return 'andotp'
    // andOTP's old encrypted layout is random bytes from the first byte on: only the name can tell.
    const name = typeof fileName === 'string' ? fileName.toLowerCase() : ''
    return name.endsWith('.aes') || name.includes('andotp') ? 'andotp' : null
  }

  const json = parseJson(text)
  if (json !== undefined) return jsonFormats.find(([, looksLike]) => looksLike(json))?.[0] ?? null
  // Broken JSON (a cut-off download) is still told apart by its keys, so its reader can say
  // "damaged" instead of the file being called unknown.
  if (/^\s*[[{]/.test(text)) return damagedJsonFormats.find(([, keys]) => keys.test(text))?.[0] ?? null

  // CSV before link lists: a spreadsheet's link column puts otpauth:// at the start of some lines.
  const header = csvHeader(text)
  if (header !== null && looksLikeBitwardenCsv(header)) return 'bitwarden-csv'
  if (header !== null && looksLikeAgencyCsv(header)) return 'agency-csv'

  const lines = contentLines(text)
  if (looksLikeGoogleMigration(lines)) return 'google-migration'
  if (looksLikeOtpAuthList(lines)) return 'otpauth-list'
  return null
}

export async function readImport(bytes: Uint8Array, options: ReadImportOptions = {}): Promise<ParsedImport> {
  checkSize(bytes)
  const format = options.format ?? detectFormat(bytes, options.fileName)
  if (format === null) {
    throw unsupportedFormat(
      'Twofold does not recognise this file. It reads exports from Aegis, Google Authenticator, 2FAS, Ente Auth, Bitwarden, andOTP and Authenticator Pro, lists of otpauth:// links, accounts spreadsheets (CSV) and QR-code images (PNG or JPEG).',
    )
  }
  // The format may come over IPC or from the command line: it is checked, not trusted.
  if (!(importFormats as readonly string[]).includes(format))
    throw unsupportedFormat('This import format is unknown.')
  // A password that is not text (a malformed request) is treated as none given.
  const password = typeof options.password === 'string' ? options.password : undefined
  const { entries, failed } = await readers[format](bytes, password)
  return { format, entries, failed }
}
