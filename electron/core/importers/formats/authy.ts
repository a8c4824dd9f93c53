import { otpEntry, type EntryText } from '../build-entry.ts'
import { collectEntries, type CollectedEntries } from '../entry-collector.ts'
import {
  prefString,
  readSharedPrefs,
  sharedPrefsOfSample,
  type SharedPrefs,
} from '../android-shared-prefs.ts'
import { derivePbkdf2, openAesCbc } from '../import-crypto.ts'
import { passwordRequired, tooLarge, unreadable, wrongPassword } from '../import-errors.ts'
import {
  entryArray,
  field,
  isJsonObject,
  optionalNumber,
  optionalString,
  parseJson,
  type JsonObject,
} from '../import-json.ts'
import { decodeBase64, decodeHex } from '../import-text.ts'
import type { ImportCredentials, FormatReader } from '../format-reader.ts'
import { decodeBase32Secret } from '../../engine/index.ts'

// Authy's token store, copied off a rooted phone: the SharedPreferences files
// /data/data/com.authy.authy/shared_prefs/com.authy.storage.tokens.authenticator.xml (accounts
// added by QR code) and com.authy.storage.tokens.authy.xml (Authy's own accounts). Each holds one
// string setting, `<file name>.key`, whose value is a JSON array of tokens.
//
// Authenticator tokens: `decryptedSecret` (Base32) when Authy's backups are off, else
// `encryptedSecret` (Base64) with a per-token `salt`: the key is PBKDF2-HMAC-SHA1 of the backup
// password with the salt text's UTF-8 bytes, 1000 iterations, 32 bytes; AES-256-CBC with an all-zero
// IV and PKCS#7 padding; the plaintext is the Base32 secret. Authy tokens: `secretSeed` (hex), codes
// every 10 s. `digits` is stored; the algorithm and the period of authenticator tokens are not, and
// Authy generates SHA1 every 30 s (as Aegis reads it; Authy is known to round other periods to 30).
//
// Nothing checks the password but the decryption itself: a wrong one fails the padding (or, 1 time in
// 256, yields bytes that are not Base32), so the message says "wrong password, or damaged". The
// first encrypted token decides; a later token that fails is a failed entry.

const KIND = 'Authy token file'
const KEYS = ['com.authy.storage.tokens.authenticator.key', 'com.authy.storage.tokens.authy.key']

const PBKDF2_ITERATIONS = 1000
const ZERO_IV = new Uint8Array(16)
/** One PBKDF2 per encrypted token: more tokens than any Authy holds would keep the import busy for minutes. */
export const MAX_AUTHY_ENCRYPTED_TOKENS = 2000
const AUTHY_PERIOD = 10

function tokensOf(prefs: SharedPrefs | null): string | undefined {
  if (prefs === null) return undefined
  for (const key of KEYS) {
    const value = prefString(prefs, key)
    if (value !== undefined) return value
  }
  return undefined
}

export async function readAuthy(
  bytes: Uint8Array,
  { password }: ImportCredentials,
): Promise<CollectedEntries> {
  const raw = tokensOf(readSharedPrefs(bytes, KIND))
  if (raw === undefined) throw unreadable(`This ${KIND} holds no Authy tokens.`)
  const parsed = parseJson(raw)
  if (parsed === undefined) throw unreadable(`This ${KIND} is damaged: its token list is not JSON.`)
  const tokens = entryArray(parsed, 'The tokens')
  const encrypted = tokens.filter((token) => isJsonObject(token) && isEncrypted(token))
  const secrets = new Map<unknown, string>()
  if (encrypted.length > 0) {
    if (encrypted.length > MAX_AUTHY_ENCRYPTED_TOKENS) {
      throw tooLarge(`This ${KIND} holds more than ${MAX_AUTHY_ENCRYPTED_TOKENS} encrypted tokens.`)
    }
    if (password === undefined || password === '') throw passwordRequired(KIND)
    for (const [index, token] of encrypted.entries()) {
      const secret = await decryptSecret(token as JsonObject, password)
      // The first token is the password check: without a check of its own, a failure there is the
      // password (or damage); a later one is that token's own damage.
      if (secret === null && index === 0) throw wrongPassword(KIND, true)
      if (secret !== null) secrets.set(token, secret)
    }
  }
  return collectEntries((collector) => {
    for (const token of tokens) collector.add(describe(token), () => entryOf(token, secrets))
  })
}

function isEncrypted(token: JsonObject): boolean {
  return field(token, 'decryptedSecret') === undefined && field(token, 'secretSeed') === undefined
}

async function decryptSecret(token: JsonObject, password: string): Promise<string | null> {
  const encryptedText = field(token, 'encryptedSecret')
  const saltText = field(token, 'salt')
  if (typeof encryptedText !== 'string' || typeof saltText !== 'string') return null
  let ciphertext: Buffer
  try {
    ciphertext = decodeBase64(encryptedText, 'The encrypted secret')
  } catch {
    return null
  }
  const key = await derivePbkdf2(password, Buffer.from(saltText, 'utf8'), PBKDF2_ITERATIONS, 'sha1', KIND)
  let plain: Buffer | null = null
  try {
    plain = openAesCbc(key, ZERO_IV, ciphertext)
    if (plain === null) return null
    const text = plain.toString('utf8')
    // A wrong key that happens to leave valid padding gives bytes, not a Base32 secret.
    try {
      decodeBase32Secret(text).fill(0)
    } catch {
      return null
    }
    return text
  } finally {
    key.fill(0)
    plain?.fill(0)
  }
}

function describe(token: unknown): string {
  if (!isJsonObject(token)) return ''
  const name = field(token, 'name')
  return typeof name === 'string' ? name : ''
}

function entryOf(token: unknown, secrets: ReadonlyMap<unknown, string>): ReturnType<typeof otpEntry> {
  if (!isJsonObject(token)) throw unreadable('this token is not an object')
  const digits = optionalNumber(token, 'digits', 'its digits')
  const seed = optionalString(token, 'secretSeed', 'its secret')
  if (seed !== undefined) {
    const bytes = decodeHex(seed, 'Its secret')
    try {
      return otpEntry(authyText(token), { kind: 'totp', digits, period: AUTHY_PERIOD }, { bytes })
    } finally {
      bytes.fill(0)
    }
  }
  const secret = optionalString(token, 'decryptedSecret', 'its secret') ?? secrets.get(token)
  if (secret === undefined) throw unreadable('its secret could not be decrypted: the file may be damaged')
  return otpEntry(authenticatorText(token), { kind: 'totp', digits }, { base32: secret })
}

/** Authy's own tokens carry only a name: the service. */
function authyText(token: JsonObject): EntryText {
  return { issuer: optionalString(token, 'name', 'its name') ?? '', accountName: '' }
}

/**
 * Authy keeps the scanned label in `originalName` ("Issuer:account"), the issuer in
 * `originalIssuer` (newer tokens) and an edited display name in `name` ("Issuer: account" or
 * "Issuer - account"). The issuer is the first of: originalIssuer, originalName's prefix, name's
 * prefix before " - ", the capitalised accountType. The name is `name` without the issuer prefix.
 */
function authenticatorText(token: JsonObject): EntryText {
  const originalIssuer = optionalString(token, 'originalIssuer', 'its issuer')
  const originalName = optionalString(token, 'originalName', 'its original name')
  const accountType = optionalString(token, 'accountType', 'its account type') ?? ''
  let name = optionalString(token, 'name', 'its name') ?? ''
  let issuer: string
  let separator = ''
  if (originalIssuer !== undefined && originalIssuer !== '') issuer = originalIssuer
  else if (originalName?.includes(':') === true) {
    issuer = originalName.slice(0, originalName.indexOf(':'))
    separator = ':'
  } else if (name.includes(' - ')) {
    issuer = name.slice(0, name.indexOf(' - '))
    separator = ' - '
  } else issuer = accountType.charAt(0).toUpperCase() + accountType.slice(1)
  if (issuer !== '' && name.startsWith(issuer + separator)) name = name.slice((issuer + separator).length)
  if (name.startsWith(': ')) name = name.slice(2)
  else if (name.startsWith(' - ')) name = name.slice(3)
  return { issuer, accountName: name }
}

export const authyFormat: FormatReader = {
  detect: (sample) => tokensOf(sharedPrefsOfSample(sample)) !== undefined,
  read: (bytes, credentials) => readAuthy(bytes, credentials),
}
