import protobuf from 'protobufjs'
import type { EntryCollector } from '../entry-collector.ts'
import { otpEntry, unsupportedKind, type OtpFields } from '../build-entry.ts'
import { unreadable } from '../import-errors.ts'
import { checkEntryCount } from '../import-json.ts'
import { decodeBase64 } from '../import-text.ts'

// Google Authenticator's "Transfer accounts" export: `otpauth-migration://offline?data=` followed by
// a percent-encoded, Base64-encoded protobuf MigrationPayload. The schema is Google's unpublished one
// as reverse-engineered by every importer (Aegis, extract_otp_secrets); it is declared here in code so
// nothing is loaded or generated at run time.

const root = protobuf.Root.fromJSON({
  nested: {
    MigrationPayload: {
      fields: {
        otpParameters: { rule: 'repeated', type: 'OtpParameters', id: 1 },
        version: { type: 'int32', id: 2 },
        batchSize: { type: 'int32', id: 3 },
        batchIndex: { type: 'int32', id: 4 },
        batchId: { type: 'int32', id: 5 },
      },
      nested: {
        Algorithm: {
          values: { ALGORITHM_UNSPECIFIED: 0, SHA1: 1, SHA256: 2, SHA512: 3, MD5: 4 },
        },
        DigitCount: { values: { DIGIT_COUNT_UNSPECIFIED: 0, SIX: 1, EIGHT: 2 } },
        OtpType: { values: { OTP_TYPE_UNSPECIFIED: 0, HOTP: 1, TOTP: 2 } },
        OtpParameters: {
          fields: {
            secret: { type: 'bytes', id: 1 },
            name: { type: 'string', id: 2 },
            issuer: { type: 'string', id: 3 },
            algorithm: { type: 'Algorithm', id: 4 },
            digits: { type: 'DigitCount', id: 5 },
            type: { type: 'OtpType', id: 6 },
            counter: { type: 'int64', id: 7 },
          },
        },
      },
    },
  },
})
const migrationPayload = root.lookupType('MigrationPayload')

/** The decoded shape we read; protobufjs fills absent fields with the proto3 defaults. */
interface GoogleOtpParameters {
  secret: Uint8Array
  name: string
  issuer: string
  algorithm: number
  digits: number
  type: number
  counter: number | { toString(): string }
}

// Unspecified (0) means "the default" in proto3, and Google's app reads it that way.
const ALGORITHMS: Readonly<Record<number, string>> = { 0: 'SHA1', 1: 'SHA1', 2: 'SHA256', 3: 'SHA512' }
const DIGITS: Readonly<Record<number, number>> = { 0: 6, 1: 6, 2: 8 }

export function isMigrationUri(text: string): boolean {
  return /^otpauth-migration:/i.test(text)
}

/** Reads one migration link (one QR code of a possibly multi-code export) into the collector. */
export function collectMigrationUri(uri: string, collector: EntryCollector): void {
  const data = migrationData(uri)
  try {
    for (const otp of decodePayload(data)) {
      collector.add(describe(otp), () => entryOf(otp))
    }
  } finally {
    // The decoded secrets are views into this buffer; each entry has its own copy by now.
    data.fill(0)
  }
}

function migrationData(uri: string): Buffer {
  const match = /^otpauth-migration:\/\/offline\?([^#]*)/i.exec(uri.trim())
  if (match === null) throw unreadable('This is not a Google Authenticator export link.')
  // The query is split by hand, never parsed as a form: form rules turn a raw "+" (which Google's
  // Base64 contains) into a space and corrupt the data.
  const data = (match[1] ?? '').split('&').filter((part) => /^data=/i.test(part))
  if (data.length !== 1) throw unreadable('This Google Authenticator export link has no single data part.')
  let text: string
  try {
    text = decodeURIComponent((data[0] ?? '').slice('data='.length))
  } catch {
    throw unreadable('The Google Authenticator export data is not correctly percent-encoded.')
  }
  // A space can only be a "+" that some tool on the way already read with form rules.
  return decodeBase64(text.replace(/ /g, '+'), 'The Google Authenticator export data')
}

function decodePayload(data: Buffer): GoogleOtpParameters[] {
  let count: number
  let decoded: { otpParameters?: unknown }
  try {
    count = countTopLevelField(data, 1)
  } catch {
    throw damaged()
  }
  // Counted before decoding, so a payload of millions of tiny entries is refused without building them.
  checkEntryCount(count)
  try {
    decoded = migrationPayload.decode(data) as unknown as { otpParameters?: unknown }
  } catch {
    throw damaged()
  }
  const list = Array.isArray(decoded.otpParameters) ? (decoded.otpParameters as GoogleOtpParameters[]) : []
  if (list.length === 0) throw unreadable('This Google Authenticator export link holds no accounts.')
  return list
}

function damaged(): Error {
  return unreadable('The Google Authenticator export data is damaged or incomplete.')
}

function countTopLevelField(data: Uint8Array, fieldNumber: number): number {
  const reader = protobuf.Reader.create(data)
  let count = 0
  while (reader.pos < reader.len) {
    const tag = reader.uint32()
    if (tag >>> 3 === fieldNumber) count++
    reader.skipType(tag & 7)
  }
  return count
}

function describe(otp: GoogleOtpParameters): string {
  const name = typeof otp.name === 'string' ? otp.name : ''
  const issuer = typeof otp.issuer === 'string' ? otp.issuer : ''
  return issuer !== '' && name !== '' ? `${issuer}: ${name}` : issuer || name
}

function entryOf(otp: GoogleOtpParameters): ReturnType<typeof otpEntry> {
  const algorithm = ALGORITHMS[otp.algorithm]
  if (algorithm === undefined) {
    throw otp.algorithm === 4 ? unsupportedKind('MD5') : unreadable('its algorithm is not one Google defines')
  }
  const digits = DIGITS[otp.digits]
  if (digits === undefined) throw unreadable('its number of digits is not one Google defines')
  let fields: OtpFields
  if (otp.type === 2) {
    // Google's export has no period field: every account it carries uses 30 seconds.
    fields = { kind: 'totp', algorithm, digits, period: 30 }
  } else if (otp.type === 1) {
    fields = { kind: 'hotp', algorithm, digits, counter: readCounter(otp.counter) }
  } else {
    throw unreadable('its type is neither TOTP nor HOTP')
  }
  const { issuer, accountName } = splitName(otp.name, otp.issuer)
  return otpEntry({ issuer, accountName }, fields, { bytes: otp.secret })
}

/** int64 arrives as a Long; only whole numbers a JavaScript number holds exactly are counters. */
function readCounter(counter: GoogleOtpParameters['counter']): number {
  const value = BigInt(counter.toString())
  if (value < 0n || value > BigInt(Number.MAX_SAFE_INTEGER)) throw unreadable('its counter is out of range')
  return Number(value)
}

/**
 * Google keeps the label it was given as the name, often "Issuer:account". When that prefix repeats
 * the issuer it is removed, as the otpauth rules do; otherwise the name stays whole (Google stores
 * the issuer separately, so a colon in the name is just a colon).
 */
function splitName(name: string, issuer: string): { issuer: string; accountName: string } {
  const trimmedIssuer = issuer.trim()
  const colon = name.indexOf(':')
  if (
    trimmedIssuer !== '' &&
    colon !== -1 &&
    name.slice(0, colon).trim().toLowerCase() === trimmedIssuer.toLowerCase()
  ) {
    return { issuer: trimmedIssuer, accountName: name.slice(colon + 1) }
  }
  return { issuer: trimmedIssuer, accountName: name }
}
