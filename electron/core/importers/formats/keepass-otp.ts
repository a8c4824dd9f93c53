import { entryFromOtpAuthUri, otpEntry, type EntryText, type OtpFields } from '../build-entry.ts'
import { unreadable } from '../import-errors.ts'
import type { ImportedEntry } from '../imported-entry.ts'
import { decodeBase64, decodeHex } from '../import-text.ts'

// The ways KeePass-family apps keep an entry's one-time password, as string fields of the entry:
// - KeePassXC's `otp`: an otpauth:// link (`encoder=steam` for Steam), or KeeOtp's older
//   `key=BASE32&size=6&step=30&otpHashMode=Sha256` (with `type=Hotp&counter=N` for HOTP);
// - KeePass 2.47+'s own fields: `TimeOtp-Secret` (the secret as UTF-8 text), `TimeOtp-Secret-Hex`,
//   `-Base32` or `-Base64`, with `TimeOtp-Length`, `TimeOtp-Period` and `TimeOtp-Algorithm`
//   (`HMAC-SHA-1`, `HMAC-SHA-256`, `HMAC-SHA-512`); HOTP as `HmacOtp-Secret*` with `HmacOtp-Counter`;
// - KeeTrayTOTP's (and old KeePassXC's) `TOTP Seed` with `TOTP Settings` = `period;digits`, where
//   digits `S` means Steam (a third part, a time-correction URL, is ignored).
// KeePassXC writes `otp` and, for a while, also the KeeTrayTOTP pair for the same secret; KeePass's
// own fields may sit beside either after a migration. One entry of the database is one account, so
// the first scheme present wins, in that order: otp, TimeOtp, TOTP Seed, HmacOtp.

/** Field names a reader must ask for, all of them holding key material or its settings. */
export type FieldLookup = (name: string) => string | undefined

const TIME_OTP = 'TimeOtp-Secret'
const HMAC_OTP = 'HmacOtp-Secret'
const SECRET_SUFFIXES = ['', '-Hex', '-Base32', '-Base64'] as const

/** Whether the entry carries any one-time-password field at all (entries without are ordinary logins). */
export function hasKeePassOtp(field: FieldLookup): boolean {
  return (
    present(field('otp')) ||
    present(field('TOTP Seed')) ||
    SECRET_SUFFIXES.some((suffix) => present(field(TIME_OTP + suffix)) || present(field(HMAC_OTP + suffix)))
  )
}

function present(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== ''
}

function whole(value: string | undefined, what: string): number | undefined {
  if (!present(value)) return undefined
  const text = value.trim()
  if (!/^\d{1,15}$/.test(text)) throw unreadable(`the ${what} is not a whole number`)
  return Number(text)
}

/** `HMAC-SHA-256`, `Sha256`, `SHA256`: the hash name the engine knows. */
function algorithmOf(value: string | undefined): string | undefined {
  if (!present(value)) return undefined
  return value.trim().replace(/^hmac[-_]?/i, '')
}

export function keePassOtpEntry(field: FieldLookup, text: EntryText): ImportedEntry {
  const otp = field('otp')
  if (present(otp)) return otpFieldEntry(otp.trim(), text)
  const timeSecret = secretOf(field, TIME_OTP)
  if (timeSecret !== undefined) {
    return keePassEntry(text, timeSecret, {
      kind: 'totp',
      digits: whole(field('TimeOtp-Length'), 'TimeOtp-Length'),
      period: whole(field('TimeOtp-Period'), 'TimeOtp-Period'),
      algorithm: algorithmOf(field('TimeOtp-Algorithm')),
    })
  }
  const seed = field('TOTP Seed')
  if (present(seed)) return trayTotpEntry(seed, field('TOTP Settings'), text)
  const hmacSecret = secretOf(field, HMAC_OTP)
  if (hmacSecret !== undefined) {
    return keePassEntry(text, hmacSecret, {
      kind: 'hotp',
      counter: whole(field('HmacOtp-Counter'), 'HmacOtp-Counter'),
    })
  }
  throw unreadable('the entry has no one-time password')
}

type Secret = { base32: string } | { bytes: Uint8Array }

function secretOf(field: FieldLookup, prefix: string): Secret | undefined {
  const base32 = field(`${prefix}-Base32`)
  if (present(base32)) return { base32 }
  const hex = field(`${prefix}-Hex`)
  if (present(hex)) return { bytes: decodeHex(hex.replace(/\s+/g, ''), `${prefix}-Hex`) }
  const base64 = field(`${prefix}-Base64`)
  if (present(base64)) return { bytes: decodeBase64(base64, `${prefix}-Base64`) }
  const plain = field(prefix)
  // KeePass's plain form is the secret's own characters, taken as UTF-8 bytes.
  if (present(plain)) return { bytes: Buffer.from(plain, 'utf8') }
  return undefined
}

function keePassEntry(text: EntryText, secret: Secret, otp: OtpFields): ImportedEntry {
  try {
    return otpEntry(text, otp, secret)
  } finally {
    if ('bytes' in secret) secret.bytes.fill(0)
  }
}

function otpFieldEntry(value: string, text: EntryText): ImportedEntry {
  if (/^otpauth:/i.test(value)) return entryFromOtpAuthUri(value, text)
  const params = new URLSearchParams(value)
  const key = params.get('key')
  if (key === null || key.trim() === '') {
    // A bare secret pasted into the field: KeePassXC takes it as TOTP SHA1/6/30, and so do we.
    if (/^[A-Za-z2-7=\s]+$/.test(value)) return otpEntry(text, { kind: 'totp' }, { base32: value })
    throw unreadable('the otp field is neither an otpauth link nor KeeOtp settings')
  }
  const type = params.get('type')?.trim().toLowerCase()
  if (type === 'hotp') {
    return otpEntry(
      text,
      {
        kind: 'hotp',
        digits: whole(params.get('size') ?? undefined, 'size'),
        algorithm: algorithmOf(params.get('otpHashMode') ?? undefined),
        counter: whole(params.get('counter') ?? undefined, 'counter'),
      },
      { base32: key },
    )
  }
  if (type !== undefined && type !== 'totp') throw unreadable('the otp field names an unknown type')
  return otpEntry(
    text,
    {
      kind: 'totp',
      digits: whole(params.get('size') ?? undefined, 'size'),
      period: whole(params.get('step') ?? undefined, 'step'),
      algorithm: algorithmOf(params.get('otpHashMode') ?? undefined),
    },
    { base32: key },
  )
}

function trayTotpEntry(seed: string, settings: string | undefined, text: EntryText): ImportedEntry {
  const [periodText, digitsText] = (settings ?? '').split(';').map((part) => part.trim())
  if (digitsText?.toUpperCase() === 'S') return otpEntry(text, { kind: 'steam' }, { base32: seed })
  return otpEntry(
    text,
    {
      kind: 'totp',
      period: whole(periodText, 'TOTP Settings period'),
      digits: whole(digitsText, 'TOTP Settings digits'),
    },
    { base32: seed },
  )
}
