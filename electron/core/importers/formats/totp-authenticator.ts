import { createDecipheriv, createHash } from 'node:crypto'
import { otpEntry, type SecretSource } from '../build-entry.ts'
import { collectEntries, type CollectedEntries } from '../entry-collector.ts'
import { passwordRequired, unreadable, wrongPassword } from '../import-errors.ts'
import {
  entryArray,
  field,
  isJsonObject,
  optionalNumber,
  optionalString,
  parseJson,
  requiredString,
  type JsonObject,
} from '../import-json.ts'
import { prefString, readSharedPrefs, sharedPrefsOfSample } from '../android-shared-prefs.ts'
import { decodeText } from '../import-text.ts'
import type { ImportSample } from '../import-sample.ts'
import type { FormatReader } from '../format-reader.ts'

// TOTP Authenticator (Binary Formats, com.authenticator.authservice2), two files:
//
// * Its backup (`totp-authenticator`): Base64 text of AES-256-CBC ciphertext, key = SHA-256 of the
//   password, IV all zeros, PKCS#7 padding. The plaintext is a JSON object with ONE key: the account
//   list serialised as a JSON string (its value is the backup's timestamp). When the person never set
//   a backup password the app uses a built-in one, "TotpAuthenticator"; with no password given we try
//   that one, so such backups open without a prompt. There is no password check in the file: a wrong
//   key shows as bad padding or non-JSON, so the message says "wrong password, or damaged".
// * Its settings file on a rooted phone (`totp-authenticator-rooted`): Android SharedPreferences with
//   the same list in the STATIC_TOTP_CODES_LIST string.
//
// Each account: {issuer, name, key, base (16 | 32 | 64: how `key` is written), digits, period} with
// digits and period as strings. Aegis ignores digits and period and forces 6/30; we read them, because
// they are the values the service's QR code gave (the Aegis sample stores 7/20 and 8/50 for accounts
// that were created with exactly those), and fall back to 6/30 when absent. There is no algorithm
// field: SHA1. The app lower-cases account names when it saves them; that cannot be undone.

const KIND = 'TOTP Authenticator backup'
const ROOTED_KIND = 'TOTP Authenticator settings file'
const PREF_KEY = 'STATIC_TOTP_CODES_LIST'
/** The app's own password for backups made without one (public in its code and in Aegis's). */
const BUILT_IN_PASSWORD = 'TotpAuthenticator'
const BLOCK = 16

/** Base64 text only (line breaks allowed), at least two AES blocks once decoded. */
function base64Blob(text: string | null): string | null {
  if (text === null) return null
  const compact = text.replace(/\s+/g, '')
  if (compact.length < 44 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact) || compact.length % 4 !== 0) return null
  return compact
}

export function looksLikeTotpAuthenticatorBackup(sample: ImportSample): boolean {
  // A Steam Desktop Authenticator maFile encrypted with a passkey is Base64 text too; its name tells it.
  if (sample.fileName.endsWith('.mafile')) return false
  const blob = base64Blob(sample.text)
  return blob !== null && Buffer.byteLength(blob, 'base64') % BLOCK === 0
}

function decrypt(ciphertext: Buffer, password: string): Buffer | null {
  const key = createHash('sha256').update(password, 'utf8').digest()
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, Buffer.alloc(BLOCK))
    return Buffer.concat([decipher.update(ciphertext), decipher.final()])
  } catch {
    return null
  } finally {
    key.fill(0)
  }
}

/** The decrypted object's single key, parsed: the account list. Null when it is not that shape. */
function listOfBackup(plaintext: Buffer): unknown[] | null {
  const object = parseJson(plaintext.toString('utf8'))
  if (!isJsonObject(object)) return null
  const keys = Object.keys(object)
  if (keys.length === 0) return []
  const list = parseJson(keys[0] ?? '')
  return Array.isArray(list) ? list : null
}

export function readTotpAuthenticatorBackup(
  bytes: Uint8Array,
  password: string | undefined,
): CollectedEntries {
  const blob = base64Blob(decodeText(bytes))
  if (blob === null)
    throw unreadable(`This ${KIND} is not Base64 text: it may be damaged or of another kind.`)
  const ciphertext = Buffer.from(blob, 'base64')
  if (ciphertext.length % BLOCK !== 0) throw unreadable(`This ${KIND} is damaged: it was cut short.`)
  const given = password !== undefined && password !== ''
  const plaintext = decrypt(ciphertext, given ? password : BUILT_IN_PASSWORD)
  try {
    const list = plaintext === null ? null : listOfBackup(plaintext)
    if (list === null) {
      // Without a password the built-in one was tried: the backup has a password of its own.
      if (!given) throw passwordRequired(KIND)
      throw wrongPassword(KIND, true)
    }
    return readAccounts(list, KIND)
  } finally {
    plaintext?.fill(0)
  }
}

export function readTotpAuthenticatorPrefs(bytes: Uint8Array): CollectedEntries {
  const prefs = readSharedPrefs(bytes, ROOTED_KIND)
  const data = prefString(prefs, PREF_KEY)
  if (data === undefined) {
    throw unreadable(`This settings file has no ${PREF_KEY}: it is not TOTP Authenticator's.`)
  }
  const list = parseJson(data)
  if (list === undefined) throw unreadable(`This ${ROOTED_KIND} is damaged: its account list is not JSON.`)
  return readAccounts(list, ROOTED_KIND)
}

function readAccounts(list: unknown, kind: string): CollectedEntries {
  const items = entryArray(list, `The ${kind}'s account list`)
  return collectEntries((collector) => {
    for (const raw of items) {
      // Older versions stored each account as a JSON string inside the list.
      const item = typeof raw === 'string' ? parseJson(raw) : raw
      collector.add(describe(item), () => entryOf(item))
    }
  })
}

function describe(item: unknown): string {
  if (!isJsonObject(item)) return ''
  return [field(item, 'issuer'), field(item, 'name')]
    .filter((part) => typeof part === 'string' && part !== '')
    .join(': ')
}

function entryOf(item: unknown): ReturnType<typeof otpEntry> {
  if (!isJsonObject(item)) throw unreadable('this account is not an object')
  return otpEntry(
    {
      issuer: optionalString(item, 'issuer', 'its issuer'),
      accountName: optionalString(item, 'name', 'its name'),
    },
    {
      kind: 'totp',
      digits: optionalNumber(item, 'digits', 'its digits'),
      period: optionalNumber(item, 'period', 'its period'),
    },
    secretOf(item),
  )
}

function secretOf(item: JsonObject): SecretSource {
  const key = requiredString(item, 'key', 'its key').trim()
  const base = optionalNumber(item, 'base', 'its key encoding') ?? 16
  switch (base) {
    case 16:
      if (!/^(?:[0-9a-fA-F]{2})+$/.test(key)) throw unreadable('its key is not valid hexadecimal')
      return { bytes: Buffer.from(key, 'hex') }
    case 32:
      return { base32: key }
    case 64:
      if (!/^[A-Za-z0-9+/]+={0,2}$/.test(key)) throw unreadable('its key is not valid Base64')
      return { bytes: Buffer.from(key, 'base64') }
    default:
      throw unreadable('its key is written in an encoding TOTP Authenticator does not use')
  }
}

export const totpAuthenticatorFormat: FormatReader = {
  detect: (sample) => looksLikeTotpAuthenticatorBackup(sample),
  read: (bytes, { password }) => readTotpAuthenticatorBackup(bytes, password),
}

export const totpAuthenticatorRootedFormat: FormatReader = {
  detect: (sample) => {
    const prefs = sharedPrefsOfSample(sample)
    return prefs !== null && prefString(prefs, PREF_KEY) !== undefined
  },
  read: (bytes) => readTotpAuthenticatorPrefs(bytes),
}
