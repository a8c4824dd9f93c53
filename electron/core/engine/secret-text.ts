import { ScureBase32Plugin } from 'otplib'
import { TwofoldError } from '../errors.ts'
import { MAX_SECRET_BYTES, MIN_SECRET_BYTES } from './otp-parameters.ts'

// otplib's own Base32 plugin (@scure/base underneath): audited, strict RFC 4648. We only tidy the text first.
const base32 = new ScureBase32Plugin()

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
const MAX_SECRET_CHARS = Math.ceil((MAX_SECRET_BYTES * 8) / 5)
/** Room for a space after every character and a full group of padding: generous, and still bounded. */
const MAX_SECRET_TEXT_CHARS = MAX_SECRET_CHARS * 2 + 8

function invalidSecret(message: string): TwofoldError {
  return new TwofoldError('invalid-secret', message, { field: 'secret' })
}

function tooLong(): TwofoldError {
  return invalidSecret(`secret is too long (at most ${MAX_SECRET_BYTES} bytes)`)
}

/**
 * A loop, not `/=+$/`: V8 retries that pattern from every "=" of a run that does not reach the end,
 * which is quadratic in the run (a megabyte of "=" then "x" took minutes).
 */
function withoutTrailingPadding(text: string): string {
  let end = text.length
  while (end > 0 && text.charCodeAt(end - 1) === 0x3d) end--
  return text.slice(0, end)
}

/**
 * Decodes the Base32 text a service shows or puts in a QR code. Tolerates what people and exporters
 * actually produce (lower case, spaces between groups, padding present or absent, stray bits after the
 * last whole byte, as Google Authenticator does) and refuses everything else. Messages never quote the text.
 */
export function decodeBase32Secret(text: string): Uint8Array {
  if (typeof text !== 'string') throw invalidSecret('secret must be Base32 text')
  // Lengths first, before any pattern sees the text: it may be a megabyte from a hostile file, and
  // the longest real secret with a space every four characters and full padding stays far below this.
  if (text.length > MAX_SECRET_TEXT_CHARS) throw tooLong()
  const compact = text.replace(/\s+/g, '')
  if (compact.length === 0) throw invalidSecret('secret is empty')
  // Checked before upper-casing: toUpperCase maps some non-ASCII letters (ı, ſ) onto A–Z.
  if (/[^A-Za-z2-7=]/.test(compact)) {
    throw invalidSecret('secret is not valid Base32: use only the letters A–Z and the digits 2–7')
  }
  const unpadded = withoutTrailingPadding(compact)
  if (unpadded.includes('='))
    throw invalidSecret('secret is not valid Base32 ("=" may only appear at the end)')
  if (unpadded.length === 0) throw invalidSecret('secret is empty')
  if (unpadded.length > MAX_SECRET_CHARS) throw tooLong()
  // 1, 3 or 6 characters after the last full group cannot come from any whole number of bytes.
  if ([1, 3, 6].includes(unpadded.length % 8)) {
    throw invalidSecret('secret is not valid Base32 (its length is impossible; is a character missing?)')
  }
  let decoded: Uint8Array
  try {
    decoded = base32.decode(clearTrailingBits(unpadded.toUpperCase()))
  } catch {
    // The checks above should leave nothing for the decoder to refuse; if it still does, its message
    // may quote the text, so it is replaced rather than passed on.
    throw invalidSecret('secret is not valid Base32')
  }
  if (decoded.length < MIN_SECRET_BYTES) throw invalidSecret('secret is empty')
  return decoded
}

/** Canonical form we write: upper case, no padding, as Google Authenticator and most exporters expect. */
export function encodeBase32Secret(bytes: Uint8Array): string {
  if (!(bytes instanceof Uint8Array)) throw invalidSecret('secret must be bytes')
  if (bytes.length < MIN_SECRET_BYTES) throw invalidSecret('secret is empty')
  if (bytes.length > MAX_SECRET_BYTES) throw tooLong()
  return base32.encode(bytes, { padding: false })
}

/**
 * @scure/base rejects non-zero bits after the last whole byte, but some services generate secrets as
 * random Base32 characters of odd length. Those bits carry no key material, so zero them instead.
 */
function clearTrailingBits(upper: string): string {
  const spareBits = (upper.length * 5) % 8
  if (spareBits === 0) return upper
  const last = ALPHABET.indexOf(upper.slice(-1))
  const cleared = ALPHABET[last & ~((1 << spareBits) - 1)] ?? ''
  return upper.slice(0, -1) + cleared
}
