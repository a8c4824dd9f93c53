import { createDecipheriv } from 'node:crypto'
import { checkText, entryFromOtpAuthUri, otpEntry, unsupportedKind } from '../build-entry.ts'
import { collectEntries, type CollectedEntries } from '../entry-collector.ts'
import { passwordRequired, unreadable, unsupportedFormat, wrongPassword } from '../import-errors.ts'
import { checkArgon2Parameters, deriveArgon2id, type Argon2Parameters } from '../import-crypto.ts'
import {
  entryArray,
  field,
  isJsonObject,
  optionalString,
  readJsonObjectFile,
  requiredNumber,
  requiredObject,
  requiredString,
  safeTypeName,
  type JsonObject,
} from '../import-json.ts'
import { MAX_NAME_CHARS } from '../import-limits.ts'
import { decodeBase64 } from '../import-text.ts'
import type { ImportedEntry } from '../imported-entry.ts'
import type { FormatReader } from '../format-reader.ts'

// Proton Authenticator's export (layouts from Proton's own proton-pass-common,
// `proton-authenticator/src/entry/exporter.rs` and `password_exporter.rs`):
//
// - Plain: `{version: 1, entries: [{id, content: {uri, entry_type, name}, note}]}`. `entry_type` is
//   `Totp` (an otpauth:// link) or `Steam` (`steam://` + Base32 secret). Aegis reads the same file.
// - Password-protected: `{version: 1, salt, content}`, both standard Base64. Key: Argon2id v1.3 over
//   the UTF-8 password with the 16-byte salt, 19 MiB, 2 passes, 1 lane, 32 bytes — fixed in Proton's
//   code, not written in the file. `content` is nonce (12) ‖ AES-256-GCM ciphertext ‖ tag (16) with
//   associated data `proton.authenticator.export.v1` (Proton's EncryptionTag::PasswordExport; the
//   value is the one Ente Auth's Proton importer and other independent readers use). Inside: the
//   plain export.
//
// Decisions: `name` is the account name (Proton shows it; Aegis takes it too), the link's own label
// when `name` is empty; the issuer comes from the link. `note` becomes the note. Versions other than 1
// are refused, as Proton's own importer does. GCM cannot tell a wrong password from a damaged file.

const KIND = 'Proton Authenticator export'
const SALT_BYTES = 16
const NONCE_BYTES = 12
const GCM_TAG_BYTES = 16
const ASSOCIATED_DATA = Buffer.from('proton.authenticator.export.v1', 'utf8')
const ARGON2: Argon2Parameters = { memoryKiB: 19 * 1024, passes: 2, parallelism: 1 }
/** The start of either export as Proton's serializer writes it (fields in this order, no spaces). */
const BROKEN_EXPORT = /^\s*\{\s*"version"\s*:\s*\d+\s*,\s*"(?:entries"\s*:\s*\[\s*\{\s*"id"|salt")/
/** 16 bytes in standard Base64, as Proton writes the salt. */
const SALT_PATTERN = /^[A-Za-z0-9+/]{22}==$/

function looksLikePlain(json: unknown): boolean {
  if (!isJsonObject(json) || typeof field(json, 'version') !== 'number') return false
  const entries = field(json, 'entries')
  if (!Array.isArray(entries)) return false
  const first: unknown = entries[0]
  // An empty export still says what it is only by its shape: version and an empty list of entries.
  if (first === undefined) return Object.keys(json).length === 2
  return (
    isJsonObject(first) &&
    isJsonObject(field(first, 'content')) &&
    typeof field(field(first, 'content') as JsonObject, 'entry_type') === 'string'
  )
}

function looksLikeEncrypted(json: unknown): boolean {
  if (!isJsonObject(json) || typeof field(json, 'version') !== 'number') return false
  const salt = field(json, 'salt')
  return (
    typeof salt === 'string' &&
    SALT_PATTERN.test(salt) &&
    typeof field(json, 'content') === 'string' &&
    field(json, 'entries') === undefined
  )
}

export async function readProtonAuthenticator(
  bytes: Uint8Array,
  password: string | undefined,
): Promise<CollectedEntries> {
  const file = readJsonObjectFile(bytes, KIND)
  checkVersion(file)
  if (field(file, 'entries') === undefined && typeof field(file, 'content') === 'string') {
    return readEncrypted(file, password)
  }
  return readEntries(file)
}

function checkVersion(file: JsonObject): void {
  const version = requiredNumber(file, 'version', 'The export version')
  if (version !== 1) {
    throw unsupportedFormat(`This ${KIND} has version ${version}, which Twofold does not read.`)
  }
}

async function readEncrypted(file: JsonObject, password: string | undefined): Promise<CollectedEntries> {
  // Fixed by Proton's code, so a file cannot ask for more; checked anyway before the password.
  checkArgon2Parameters(ARGON2, KIND)
  const salt = decodeBase64(requiredString(file, 'salt', 'The salt'), 'The salt')
  const sealed = decodeBase64(requiredString(file, 'content', 'The encrypted data'), 'The encrypted data')
  if (salt.length !== SALT_BYTES || sealed.length < NONCE_BYTES + GCM_TAG_BYTES) {
    throw unreadable(`This ${KIND} is damaged: its encrypted data is cut short or malformed.`)
  }
  if (password === undefined || password === '') throw passwordRequired(KIND)

  const key = await deriveArgon2id(password, salt, ARGON2, KIND)
  let plaintext: Buffer
  try {
    plaintext = openGcm(key, sealed)
  } finally {
    key.fill(0)
  }
  try {
    const inner = readJsonObjectFile(plaintext, KIND)
    checkVersion(inner)
    return readEntries(inner)
  } finally {
    plaintext.fill(0)
  }
}

function openGcm(key: Uint8Array, sealed: Uint8Array): Buffer {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, NONCE_BYTES), {
      authTagLength: GCM_TAG_BYTES,
    })
    decipher.setAAD(ASSOCIATED_DATA)
    decipher.setAuthTag(sealed.subarray(sealed.length - GCM_TAG_BYTES))
    return Buffer.concat([
      decipher.update(sealed.subarray(NONCE_BYTES, sealed.length - GCM_TAG_BYTES)),
      decipher.final(),
    ])
  } catch {
    throw wrongPassword(KIND, true)
  }
}

function readEntries(file: JsonObject): CollectedEntries {
  const items = entryArray(field(file, 'entries'), 'The entries')
  return collectEntries((collector) => {
    for (const item of items) collector.add(describe(item), () => entryOf(item))
  })
}

function describe(item: unknown): string {
  if (!isJsonObject(item)) return ''
  const content = field(item, 'content')
  const name = isJsonObject(content) ? field(content, 'name') : undefined
  return typeof name === 'string' ? name : ''
}

function entryOf(item: unknown): ImportedEntry {
  if (!isJsonObject(item)) throw unreadable('this entry is not an object')
  const content = requiredObject(item, 'content', 'its content')
  const type = requiredString(content, 'entry_type', 'its type')
  const uri = requiredString(content, 'uri', 'its link')
  const name = optionalString(content, 'name', 'its name')
  const note = optionalString(item, 'note', 'its note')
  switch (type) {
    case 'Totp': {
      const entry = entryFromOtpAuthUri(uri, { note })
      const accountName = checkText(name, MAX_NAME_CHARS, 'the account name')
      return accountName ? { ...entry, accountName } : entry
    }
    case 'Steam': {
      if (!/^steam:\/\//i.test(uri)) throw unreadable('its Steam link does not start with steam://')
      return otpEntry(
        { issuer: 'Steam', accountName: name, note },
        { kind: 'steam' },
        { base32: uri.slice('steam://'.length) },
      )
    }
    default:
      throw unsupportedKind(safeTypeName(type))
  }
}

export const protonAuthenticatorFormat: FormatReader = {
  detect: (sample) =>
    looksLikePlain(sample.json) ||
    looksLikeEncrypted(sample.json) ||
    // Cut short: still Proton's, so the person hears "damaged" rather than "not a format we read".
    (sample.isBrokenJson && BROKEN_EXPORT.test(sample.text ?? '')),
  read: (bytes, { password }) => readProtonAuthenticator(bytes, password),
}
