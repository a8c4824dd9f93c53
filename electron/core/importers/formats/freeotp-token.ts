import { otpEntry, unsupportedKind, type OtpKind } from '../build-entry.ts'
import type { ImportedEntry } from '../imported-entry.ts'
import { unreadable } from '../import-errors.ts'
import {
  field,
  isJsonObject,
  optionalNumber,
  optionalString,
  safeTypeName,
  type JsonObject,
} from '../import-json.ts'

// One FreeOTP token as FreeOTP (1.x and 2), FreeOTP+ and their backups all store it: a JSON object
// written by Gson from FreeOTP's Token class:
//   {"algo":"SHA1","counter":0,"digits":6,"issuerExt":"Deno","issuerInt":"Deno","label":"Mason",
//    "period":30,"secret":[-28,-110,…],"type":"TOTP"}
// plus, when the person renamed the token in the app, "issuerAlt"/"labelAlt", which FreeOTP shows
// instead (so they win here too). FreeOTP 2 omits algo/digits/period when the URI did, meaning SHA1,
// 6 and 30, and keeps the secret apart (encrypted), which is why the secret is a separate argument.
// The secret is a Java byte[]: signed bytes. A TOTP token whose issuer is exactly "Steam" makes Steam
// Guard codes in FreeOTP (its code factory is chosen by that issuer), so it becomes a Steam entry.
// The HOTP counter is the counter of the next code in FreeOTP (it generates with counter++), which is
// what Twofold's counter means: taken as is.

/** What the failure list shows for a token: its issuer and label as FreeOTP shows them. */
export function describeFreeOtpToken(token: unknown): string {
  if (!isJsonObject(token)) return ''
  const { issuer, accountName } = namesOf(token, true)
  return [issuer, accountName].filter((part) => part !== '').join(': ')
}

/** A Java byte[] as Gson writes it: integers from -128 to 127 (0–255 accepted too). */
export function javaByteArray(value: unknown, what: string): Uint8Array {
  if (!Array.isArray(value)) throw unreadable(`${what} is not a list of bytes`)
  const bytes = new Uint8Array(value.length)
  for (const [index, item] of value.entries()) {
    if (typeof item !== 'number' || !Number.isInteger(item) || item < -128 || item > 255) {
      bytes.fill(0)
      throw unreadable(`${what} is not a list of bytes`)
    }
    bytes[index] = item & 0xff
  }
  return bytes
}

/** The token with its secret (from the token itself, or decrypted apart by FreeOTP 2's backup). */
export function freeOtpEntry(token: unknown, secret?: Uint8Array): ImportedEntry {
  if (!isJsonObject(token)) throw unreadable('this token is not an object')
  const kind = kindOf(token)
  const bytes = secret ?? javaByteArray(field(token, 'secret'), 'its secret')
  try {
    return otpEntry(
      namesOf(token, false),
      {
        kind,
        algorithm: optionalString(token, 'algo', 'its algorithm'),
        digits: optionalNumber(token, 'digits', 'its digits'),
        period: optionalNumber(token, 'period', 'its period'),
        counter: optionalNumber(token, 'counter', 'its counter'),
      },
      { bytes },
    )
  } finally {
    if (secret === undefined) bytes.fill(0)
  }
}

function kindOf(token: JsonObject): OtpKind {
  const type = field(token, 'type')
  switch (typeof type === 'string' ? type.toUpperCase() : type) {
    case 'TOTP':
      return field(token, 'issuerExt') === 'Steam' ? 'steam' : 'totp'
    case 'HOTP':
      return 'hotp'
    default:
      throw unsupportedKind(safeTypeName(type))
  }
}

/** The renamed issuer/label if the person set one, else the token's own; lenient only for display. */
function namesOf(token: JsonObject, lenient: boolean): { issuer: string; accountName: string } {
  const text = (key: string): string | undefined => {
    if (lenient) {
      const value = field(token, key)
      return typeof value === 'string' ? value : undefined
    }
    return optionalString(token, key, `its ${key}`)
  }
  const firstNonEmpty = (...values: (string | undefined)[]): string =>
    values.find((value) => value !== undefined && value.trim() !== '') ?? ''
  return {
    issuer: firstNonEmpty(text('issuerAlt'), text('issuerExt'), text('issuerInt')),
    accountName: firstNonEmpty(text('labelAlt'), text('label')),
  }
}
