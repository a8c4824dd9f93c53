import type { ImportFormat } from '../../../shared/domain/import-formats.ts'
import type { FormatReader } from './format-reader.ts'
import { aegisFormat } from './formats/aegis.ts'
import { agencyCsvFormat } from './formats/agency-csv.ts'
import { andOtpFormat } from './formats/andotp.ts'
import { authenticatorProFormat } from './formats/authenticator-pro.ts'
import { bitwardenCsvFormat } from './formats/bitwarden-csv.ts'
import { bitwardenJsonFormat } from './formats/bitwarden-json.ts'
import { enteFormat } from './formats/ente.ts'
import { googleMigrationFormat } from './formats/google-migration.ts'
import { otpAuthListFormat } from './formats/otpauth-list.ts'
import { qrImageFormat } from './formats/qr-image.ts'
import { twoFasFormat } from './formats/twofas.ts'

// Every format's reader, keyed by the shared format list (a format without a reader does not
// compile). The order of this object is the order detection asks in: binary magic numbers first,
// then JSON with the most specific keys, then CSV headers, then lines of links. A new format goes
// where its detector is specific enough not to shadow the ones after it.

export const formatReaders = {
  'qr-image': qrImageFormat,
  aegis: aegisFormat,
  twofas: twoFasFormat,
  ente: enteFormat,
  'authenticator-pro': authenticatorProFormat,
  'bitwarden-json': bitwardenJsonFormat,
  // andOTP's JSON is a bare array of entries, and its encrypted files are nearly headerless: last
  // among JSON and binary formats.
  andotp: andOtpFormat,
  // CSV before link lists: a spreadsheet's link column puts otpauth:// at the start of some lines.
  'bitwarden-csv': bitwardenCsvFormat,
  'agency-csv': agencyCsvFormat,
  'google-migration': googleMigrationFormat,
  'otpauth-list': otpAuthListFormat,
} as const satisfies Record<ImportFormat, FormatReader>

/** The formats in detection order. */
export const detectionOrder = Object.entries(formatReaders) as [ImportFormat, FormatReader][]
