import { decodeBase32Secret } from '../../../../electron/core/engine/secret-text.ts'
import { parseOtpAuthUri } from '../../../../electron/core/engine/otpauth-uri.ts'
import { normalizeTypedCode } from '../../../../electron/core/engine/verify-code.ts'
import {
  parseBackupCodes,
  normalizeBackupCode,
} from '../../../../electron/core/backup-codes/parse-backup-codes.ts'
import { readImport } from '../../../../electron/core/importers/read-import.ts'
import { importFormats } from '../../../../electron/core/importers/imported-entry.ts'
import { contentLines, decodeBase64, decodeHex } from '../../../../electron/core/importers/import-text.ts'
import { readCsvTable } from '../../../../electron/core/importers/import-csv.ts'
import { normalizePhone } from '../../../../electron/core/phone/normalize-phone.ts'
import { searchTerms } from '../../../../shared/domain/account-search.ts'

// Every place where text a person pasted or a file brought meets a regular expression, as one
// function each from text to an outcome. Shared by the property test and its worker.

const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value), 'utf8')
const bytes = (text: string): Buffer => Buffer.from(text, 'utf8')

/** Plain (unencrypted) exports holding one account whose secret is the given text. */
export const plainExportWithSecret = {
  aegis: (secret: string) =>
    json({
      version: 1,
      header: { slots: null, params: null },
      db: {
        version: 2,
        entries: [
          {
            type: 'totp',
            uuid: '01234567-89ab-cdef-0123-456789abcdef',
            name: 'ana',
            issuer: 'Acme',
            note: '',
            icon: null,
            info: { secret, algo: 'SHA1', digits: 6, period: 30 },
          },
        ],
      },
    }),
  twofas: (secret: string) =>
    json({
      updatedAt: 1,
      schemaVersion: 4,
      appVersionCode: 5000009,
      appOrigin: 'android',
      groups: [],
      services: [
        {
          name: 'Acme',
          secret,
          updatedAt: 1,
          otp: {
            account: 'ana',
            issuer: 'Acme',
            digits: 6,
            period: 30,
            algorithm: 'SHA1',
            tokenType: 'TOTP',
          },
          order: { position: 0 },
        },
      ],
    }),
  andotp: (secret: string) =>
    json([{ secret, issuer: 'Acme', label: 'ana', type: 'TOTP', digits: 6, period: 30, algorithm: 'SHA1' }]),
} as const

export type PlainExportFormat = keyof typeof plainExportWithSecret

const textFormats = importFormats.filter((format) => format !== 'qr-image')

export const textEntryPoints: Readonly<Record<string, (text: string) => unknown>> = {
  'Base32 secret': (text) => decodeBase32Secret(text),
  'otpauth link': (text) => parseOtpAuthUri(text),
  'typed code': (text) =>
    normalizeTypedCode({ type: 'totp', algorithm: 'SHA1', digits: 6, period: 30 }, text),
  'Base64 field': (text) => decodeBase64(text, 'The field'),
  'hexadecimal field': (text) => decodeHex(text, 'The field'),
  'lines of a text file': (text) => contentLines(text),
  'CSV table': (text) => readCsvTable(text),
  'import file, detected': (text) => readImport(bytes(text)),
  ...Object.fromEntries(
    textFormats.map((format) => [
      `import file as ${format}`,
      (text: string) => readImport(bytes(text), { format }),
    ]),
  ),
  ...Object.fromEntries(
    Object.entries(plainExportWithSecret).map(([format, build]) => [
      `secret in a plain ${format} export`,
      (text: string) => readImport(build(text)),
    ]),
  ),
  'otpauth link in a link list': (text) => readImport(bytes(`otpauth://totp/Acme:ana?secret=${text}`)),
  'phone number': (text) => normalizePhone(text, 'US'),
  'pasted backup codes': (text) => parseBackupCodes(text),
  'typed backup code': (text) => normalizeBackupCode(text),
  'search text': (text) => searchTerms(text),
}

/** Text built from a repeated unit, the shape that makes backtracking patterns explode. */
export interface AdversarialShape {
  head: string
  unit: string
  count: number
  tail: string
}

export function shapeText(shape: AdversarialShape): string {
  return shape.head + shape.unit.repeat(shape.count) + shape.tail
}

export function describeShape(shape: AdversarialShape): string {
  return `${JSON.stringify(shape.head)} + ${JSON.stringify(shape.unit)} × ${shape.count} + ${JSON.stringify(shape.tail)}`
}
