import { createHash } from 'node:crypto'
import { otpEntry, unsupportedKind, type OtpKind } from '../build-entry.ts'
import { collectEntries, type CollectedEntries } from '../entry-collector.ts'
import { passwordRequired, unreadable, wrongPassword } from '../import-errors.ts'
import { derivePbkdf2, openAesGcm } from '../import-crypto.ts'
import { MAX_PBKDF2_ITERATIONS } from '../import-limits.ts'
import {
  entryArray,
  field,
  isJsonObject,
  optionalNumber,
  optionalString,
  parseJson,
  requiredString,
  safeTypeName,
  stringList,
} from '../import-json.ts'
import { decodeText } from '../import-text.ts'
import type { FormatReader } from '../format-reader.ts'

// andOTP backup: a JSON array of entries, plain (`.json`) or encrypted (`.json.aes`). The encrypted
// file has no marker, so it is told apart by not being text. Two encrypted layouts exist:
//   current: iterations (4 bytes, big-endian) ‖ salt (12) ‖ nonce (12) ‖ ciphertext ‖ tag (16),
//            key PBKDF2-HMAC-SHA1(password, salt, iterations), AES-256-GCM;
//   old:     nonce (12) ‖ ciphertext ‖ tag (16), key SHA-256(password) (no salt, no stretching).
// Nothing in the file says which, so the current layout is tried when its header is plausible, then
// the old one (which costs one hash).

const KIND = 'andOTP backup'
const ITERATIONS_BYTES = 4
const SALT_BYTES = 12
const NONCE_BYTES = 12
const TAG_BYTES = 16
const CURRENT_HEADER_BYTES = ITERATIONS_BYTES + SALT_BYTES + NONCE_BYTES

/** A JSON array whose entries carry andOTP's own trio of secret, label and type (or an empty backup). */
export function looksLikeAndOtp(json: unknown): boolean {
  if (!Array.isArray(json)) return false
  const first: unknown = json[0]
  return (
    first === undefined ||
    (isJsonObject(first) && ['secret', 'label', 'type'].every((key) => field(first, key) !== undefined))
  )
}

/** A binary file whose header holds a plausible iteration count: the current encrypted layout. */
export function looksLikeEncryptedAndOtp(bytes: Uint8Array): boolean {
  return currentLayoutIterations(bytes) !== null
}

export async function readAndOtp(bytes: Uint8Array, password: string | undefined): Promise<CollectedEntries> {
  const text = decodeText(bytes)
  const json = text === null ? undefined : parseJson(text)
  if (json !== undefined) return readEntries(json)
  // Encrypted backups are binary; text that is not JSON is a damaged or different file.
  if (text !== null) throw unreadable(`This ${KIND} is not valid JSON: it may be truncated or damaged.`)
  if (bytes.length < NONCE_BYTES + TAG_BYTES) throw unreadable(`This ${KIND} is too short to hold anything.`)
  if (password === undefined || password === '') throw passwordRequired(KIND)
  const plaintext = (await openCurrentLayout(bytes, password)) ?? openOldLayout(bytes, password)
  if (plaintext === null) throw wrongPassword(KIND, true)
  const decrypted = parseJson(plaintext.toString('utf8'))
  plaintext.fill(0)
  if (decrypted === undefined) throw unreadable(`This ${KIND} is damaged: its contents are not valid JSON.`)
  return readEntries(decrypted)
}

function currentLayoutIterations(bytes: Uint8Array): number | null {
  if (bytes.length < CURRENT_HEADER_BYTES + TAG_BYTES) return null
  const iterations = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0)
  // Above the cap the header is not an iteration count (andOTP writes about 150,000): the old layout.
  return iterations >= 1 && iterations <= MAX_PBKDF2_ITERATIONS ? iterations : null
}

async function openCurrentLayout(bytes: Uint8Array, password: string): Promise<Buffer | null> {
  const iterations = currentLayoutIterations(bytes)
  if (iterations === null) return null
  const salt = bytes.subarray(ITERATIONS_BYTES, ITERATIONS_BYTES + SALT_BYTES)
  const key = await derivePbkdf2(password, salt, iterations, 'sha1', KIND)
  try {
    return openAesGcm(
      key,
      bytes.subarray(ITERATIONS_BYTES + SALT_BYTES, CURRENT_HEADER_BYTES),
      bytes.subarray(CURRENT_HEADER_BYTES, bytes.length - TAG_BYTES),
      bytes.subarray(bytes.length - TAG_BYTES),
    )
  } finally {
    key.fill(0)
  }
}

/** andOTP's first encrypted format; its key is a bare hash, which is why it was replaced. */
function openOldLayout(bytes: Uint8Array, password: string): Buffer | null {
  const key = createHash('sha256').update(password, 'utf8').digest()
  try {
    return openAesGcm(
      key,
      bytes.subarray(0, NONCE_BYTES),
      bytes.subarray(NONCE_BYTES, bytes.length - TAG_BYTES),
      bytes.subarray(bytes.length - TAG_BYTES),
    )
  } finally {
    key.fill(0)
  }
}

function readEntries(json: unknown): CollectedEntries {
  const items = entryArray(json, `The ${KIND}`)
  return collectEntries((collector) => {
    for (const item of items) collector.add(describe(item), () => entryOf(item))
  })
}

function describe(item: unknown): string {
  if (!isJsonObject(item)) return ''
  const issuer = field(item, 'issuer')
  const label = field(item, 'label')
  return [issuer, label].filter((part) => typeof part === 'string' && part !== '').join(': ')
}

function entryOf(item: unknown): ReturnType<typeof otpEntry> {
  if (!isJsonObject(item)) throw unreadable('this entry is not an object')
  const kind = kindOf(optionalString(item, 'type', 'its type'))
  return otpEntry(
    {
      ...names(
        optionalString(item, 'issuer', 'its issuer'),
        optionalString(item, 'label', 'its label') ?? '',
      ),
      tags: stringList(field(item, 'tags')),
    },
    {
      kind,
      algorithm: optionalString(item, 'algorithm', 'its algorithm'),
      digits: optionalNumber(item, 'digits', 'its digits'),
      period: optionalNumber(item, 'period', 'its period'),
      counter: optionalNumber(item, 'counter', 'its counter'),
    },
    { base32: requiredString(item, 'secret', 'its secret') },
  )
}

/**
 * Current andOTP stores issuer and label apart. Old versions had no issuer field and wrote the label
 * as "Issuer - Issuer:account"; the prefix equal to the issuer is then removed, as the otpauth label
 * rules do, so the account name is what the service showed.
 */
function names(issuer: string | undefined, label: string): { issuer: string; accountName: string } {
  if (issuer !== undefined) return { issuer, accountName: label }
  const dash = label.indexOf(' - ')
  if (dash === -1) return { issuer: '', accountName: label }
  const oldIssuer = label.slice(0, dash).trim()
  const rest = label.slice(dash + 3)
  const colon = rest.indexOf(':')
  const prefixRepeatsIssuer =
    colon !== -1 && rest.slice(0, colon).trim().toLowerCase() === oldIssuer.toLowerCase()
  return { issuer: oldIssuer, accountName: prefixRepeatsIssuer ? rest.slice(colon + 1) : rest }
}

function kindOf(type: string | undefined): OtpKind {
  switch (type?.toUpperCase()) {
    case 'TOTP':
      return 'totp'
    case 'HOTP':
      return 'hotp'
    case 'STEAM':
      return 'steam'
    case 'MOTP':
      throw unsupportedKind('mOTP')
    default:
      throw unsupportedKind(safeTypeName(type))
  }
}

export const andOtpFormat: FormatReader = {
  detect: (sample) =>
    looksLikeAndOtp(sample.json) ||
    (sample.isBrokenJson && /^\s*\[\s*\{\s*"(?:secret|issuer|label)"/.test(sample.text ?? '')) ||
    (sample.text === null && looksLikeEncryptedAndOtp(sample.bytes)),
  // andOTP's old encrypted layout is random bytes from the first byte on: only the name can tell.
  detectByName: (sample) =>
    sample.text === null && (sample.fileName.endsWith('.aes') || sample.fileName.includes('andotp')),
  read: (bytes, { password }) => readAndOtp(bytes, password),
}
