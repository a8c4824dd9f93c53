import { createDecipheriv } from 'node:crypto'
import { isTwofoldError } from '../../errors.ts'
import { collectEntries, type CollectedEntries } from '../entry-collector.ts'
import { passwordRequired, unreadable, unsupportedFormat, wrongPassword } from '../import-errors.ts'
import { checkPbkdf2Iterations, derivePbkdf2, KEY_BYTES } from '../import-crypto.ts'
import {
  field,
  isJsonObject,
  parseJson,
  requiredNumber,
  requiredObject,
  requiredString,
  type JsonObject,
} from '../import-json.ts'
import { looksLikeJavaSerializedHashMap, readJavaSerializedStringMap } from '../java-serialized-map.ts'
import type { FormatReader } from '../format-reader.ts'
import { describeFreeOtpToken, freeOtpEntry, javaByteArray } from './freeotp-token.ts'

// FreeOTP 2's backup (`externalBackup.xml`, despite the name not XML): a Java-serialised
// HashMap<String, String> (read by java-serialized-map.ts, which reads nothing else) holding
//   "masterKey"      JSON {mAlgorithm: "PBKDF2withHmacSHA1"|"PBKDF2withHmacSHA512", mIterations, mSalt,
//                    mEncryptedKey: {mCipher: "AES/GCM/NoPadding", mCipherText, mParameters, mToken}}
//   "<uuid>"         JSON {"key": "<JSON of an encrypted key like mEncryptedKey>"}: the token's secret
//   "<uuid>-token"   the token's settings as FreeOTP stores them (freeotp-token.ts), without secret.
// The password derives (PBKDF2, 256 bits) the key that opens the master key; the master key opens
// each token's secret. Every encrypted key is AES-256-GCM with the 128-bit tag at the end of
// mCipherText, its nonce inside mParameters (Java's DER-encoded GCM parameters: SEQUENCE {OCTET
// STRING nonce, INTEGER tag length}, or the bare OCTET STRING older Android versions wrote), and
// mToken (the key's algorithm name, "AES" or "HmacSHA1"…) as associated data. Byte arrays are Java's
// signed bytes. The GCM tag on the master key is the password check.

const KIND = 'FreeOTP backup'
const MASTER_KEY = 'masterKey'
const TOKEN_SUFFIX = '-token'
const GCM_CIPHER = 'AES/GCM/NoPadding'
const NONCE_BYTES = 12
const DER_INTEGER = 0x02
const DER_OCTET_STRING = 0x04
const DER_SEQUENCE = 0x30
const TAG_BYTES = 16
const MAX_SALT_BYTES = 1024
const DIGESTS: Record<string, 'sha1' | 'sha512'> = {
  pbkdf2withhmacsha1: 'sha1',
  pbkdf2withhmacsha512: 'sha512',
}
const MASTER_KEY_MARKER = Buffer.from(MASTER_KEY, 'latin1')
const TOKEN_MARKER = Buffer.from(TOKEN_SUFFIX, 'latin1')

interface SealedKey {
  ciphertext: Uint8Array
  tag: Uint8Array
  nonce: Uint8Array
  associatedData: Buffer
}

/** A serialised HashMap that names FreeOTP's keys: no other format is Java-serialised. */
export function looksLikeFreeOtpBackup(bytes: Uint8Array): boolean {
  if (!looksLikeJavaSerializedHashMap(bytes)) return false
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  return buffer.includes(MASTER_KEY_MARKER) || buffer.includes(TOKEN_MARKER)
}

export async function readFreeOtpBackup(
  bytes: Uint8Array,
  password: string | undefined,
): Promise<CollectedEntries> {
  const map = readJavaSerializedStringMap(bytes, KIND)
  const masterKeyText = map.get(MASTER_KEY)
  if (masterKeyText === undefined) throw unreadable(`This ${KIND} has no master key: it may be damaged.`)
  const masterKeyJson = parseJson(masterKeyText)
  if (!isJsonObject(masterKeyJson)) throw damaged('its master key is not valid JSON')
  const wrapped = readMasterKey(masterKeyJson)
  // The file chooses the iteration count: refused before a password is even asked for.
  checkPbkdf2Iterations(wrapped.iterations, KIND)
  if (password === undefined || password === '') throw passwordRequired(KIND)
  const passwordKey = await derivePbkdf2(password, wrapped.salt, wrapped.iterations, wrapped.digest, KIND)
  let masterKey: Buffer | null
  try {
    masterKey = openSealedKey(passwordKey, wrapped.sealed)
  } finally {
    passwordKey.fill(0)
  }
  if (masterKey === null) throw wrongPassword(KIND)
  try {
    if (masterKey.length !== KEY_BYTES) throw damaged('its master key is not an AES-256 key')
    return readTokens(map, masterKey)
  } finally {
    masterKey.fill(0)
  }
}

function readMasterKey(json: JsonObject): {
  digest: 'sha1' | 'sha512'
  iterations: number
  salt: Uint8Array
  sealed: SealedKey
} {
  const algorithm = requiredString(json, 'mAlgorithm', 'its key derivation').toLowerCase()
  const digest = Object.hasOwn(DIGESTS, algorithm) ? DIGESTS[algorithm] : undefined
  if (digest === undefined) {
    throw unsupportedFormat(`This ${KIND} uses a key derivation Twofold does not know.`)
  }
  try {
    const iterations = requiredNumber(json, 'mIterations', 'its iteration count')
    const salt = javaByteArray(field(json, 'mSalt'), 'its salt')
    if (salt.length === 0 || salt.length > MAX_SALT_BYTES) throw unreadable('its salt is not a usable size')
    const sealed = readSealedKey(requiredObject(json, 'mEncryptedKey', 'its encrypted key'))
    return { digest, iterations, salt, sealed }
  } catch (error) {
    if (isTwofoldError(error, 'import-unreadable')) {
      throw damaged(`the master key's ${error.message.replace(/^its /, '')}`)
    }
    throw error
  }
}

/** One of FreeOTP's EncryptedKey objects; throws typed errors that name what is wrong. */
function readSealedKey(json: JsonObject): SealedKey {
  if (requiredString(json, 'mCipher', 'its cipher') !== GCM_CIPHER) {
    throw unsupportedFormat(`This ${KIND} uses a cipher Twofold does not know.`)
  }
  const sealed = javaByteArray(field(json, 'mCipherText'), 'its ciphertext')
  if (sealed.length < TAG_BYTES) throw unreadable('its ciphertext is too short')
  const nonce = gcmNonce(javaByteArray(field(json, 'mParameters'), 'its cipher parameters'))
  return {
    ciphertext: sealed.subarray(0, sealed.length - TAG_BYTES),
    tag: sealed.subarray(sealed.length - TAG_BYTES),
    nonce,
    associatedData: Buffer.from(requiredString(json, 'mToken', 'its key type'), 'utf8'),
  }
}

/**
 * The nonce in Java's GCM parameters (DER): a bare OCTET STRING, or a SEQUENCE holding one and an
 * INTEGER tag length, which must be 16 bytes (128 bits) as FreeOTP writes it.
 */
function gcmNonce(der: Uint8Array): Uint8Array {
  const bad = (): Error => unreadable('its cipher parameters do not read')
  const outer = derElement(der, 0, bad)
  if (outer.end !== der.length) throw bad()
  let nonce: Uint8Array | undefined
  if (outer.tag === DER_OCTET_STRING) nonce = outer.body
  else if (outer.tag === DER_SEQUENCE) {
    for (let at = 0; at < outer.body.length;) {
      const item = derElement(outer.body, at, bad)
      if (item.tag === DER_OCTET_STRING && nonce === undefined) nonce = item.body
      else if (item.tag === DER_INTEGER && !(item.body.length === 1 && item.body[0] === TAG_BYTES)) {
        throw unsupportedFormat(`This ${KIND} uses GCM tags of a length Twofold does not read.`)
      }
      at = item.end
    }
  }
  if (nonce?.length !== NONCE_BYTES) throw bad()
  return nonce
}

/** One DER element (tag, short or one-byte long length): all GCM parameters ever need. */
function derElement(
  der: Uint8Array,
  at: number,
  bad: () => Error,
): { tag: number; body: Uint8Array; end: number } {
  const tag = der[at]
  let length = der[at + 1]
  let start = at + 2
  if (length === 0x81) {
    length = der[at + 2]
    start = at + 3
    if (length === undefined || length < 0x80) throw bad()
  }
  if (tag === undefined || length === undefined || length > 0xff || (start === at + 2 && length > 0x7f))
    throw bad()
  if (start + length > der.length) throw bad()
  return { tag, body: der.subarray(start, start + length), end: start + length }
}

/** AES-256-GCM with associated data; null when the tag does not match. */
function openSealedKey(key: Uint8Array, sealed: SealedKey): Buffer | null {
  if (key.length !== KEY_BYTES) return null
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.nonce, { authTagLength: TAG_BYTES })
    decipher.setAAD(sealed.associatedData)
    decipher.setAuthTag(sealed.tag)
    return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()])
  } catch {
    return null
  }
}

function readTokens(map: Map<string, string>, masterKey: Buffer): CollectedEntries {
  return collectEntries((collector) => {
    for (const [name, value] of map) {
      if (name === MASTER_KEY) continue
      if (name.endsWith(TOKEN_SUFFIX)) {
        // Read with the key entry it belongs to; alone, its secret is gone.
        if (!map.has(name.slice(0, -TOKEN_SUFFIX.length))) {
          collector.fail(describeFreeOtpToken(parseJson(value)) || name, 'its encrypted secret is missing')
        }
        continue
      }
      const settingsText = map.get(`${name}${TOKEN_SUFFIX}`)
      const settings = settingsText === undefined ? undefined : parseJson(settingsText)
      collector.add(describeFreeOtpToken(settings) || name, () => {
        if (settingsText === undefined) throw unreadable('its settings are missing')
        if (!isJsonObject(settings)) throw unreadable('its settings are not valid JSON')
        const secret = openTokenSecret(value, masterKey)
        try {
          return freeOtpEntry(settings, secret)
        } finally {
          secret.fill(0)
        }
      })
    }
  })
}

function openTokenSecret(value: string, masterKey: Buffer): Buffer {
  const outer = parseJson(value)
  if (!isJsonObject(outer)) throw unreadable('its encrypted secret is not valid JSON')
  const inner = parseJson(requiredString(outer, 'key', 'its encrypted secret'))
  if (!isJsonObject(inner)) throw unreadable('its encrypted secret is not valid JSON')
  const secret = openSealedKey(masterKey, readSealedKey(inner))
  if (secret === null) throw unreadable('its secret does not decrypt: the backup may be damaged')
  return secret
}

function damaged(what: string): Error {
  return unreadable(`This ${KIND} is damaged: ${what}.`)
}

export const freeOtpBackupFormat: FormatReader = {
  detect: (sample) => looksLikeFreeOtpBackup(sample.bytes),
  read: (bytes, { password }) => readFreeOtpBackup(bytes, password),
}
