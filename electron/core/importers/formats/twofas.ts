import { otpEntry, unsupportedKind, type OtpKind } from '../build-entry.ts'
import { collectEntries, type CollectedEntries } from '../entry-collector.ts'
import { passwordRequired, unreadable, unsupportedFormat, wrongPassword } from '../import-errors.ts'
import { derivePbkdf2, openAesGcm } from '../import-crypto.ts'
import {
  entryArray,
  field,
  isJsonObject,
  optionalNumber,
  optionalObject,
  optionalString,
  parseJson,
  readJsonObjectFile,
  requiredNumber,
  requiredString,
  safeTypeName,
  type JsonObject,
  namesById,
} from '../import-json.ts'
import { decodeBase64 } from '../import-text.ts'
import type { FormatReader } from '../format-reader.ts'

// 2FAS Authenticator backup (`.2fas`, and the older `.json`), schema versions 1–4, plain or
// encrypted. Encrypted: `servicesEncrypted` is `base64(ciphertext‖tag):base64(salt):base64(iv)`, the
// key PBKDF2-HMAC-SHA256 with 10,000 iterations (fixed by 2FAS), AES-256-GCM; `reference` is a known
// text encrypted the same way, which tells a wrong password apart from a damaged file.

const KIND = '2FAS backup'
const PBKDF2_ITERATIONS = 10_000
const GCM_TAG_BYTES = 16

interface Sealed {
  ciphertext: Buffer
  tag: Buffer
  salt: Buffer
  iv: Buffer
}

export function looksLikeTwoFas(json: unknown): boolean {
  return (
    isJsonObject(json) &&
    field(json, 'schemaVersion') !== undefined &&
    (Array.isArray(field(json, 'services')) || typeof field(json, 'servicesEncrypted') === 'string')
  )
}

export async function readTwoFas(bytes: Uint8Array, password: string | undefined): Promise<CollectedEntries> {
  const file = readJsonObjectFile(bytes, KIND)
  const schema = requiredNumber(file, 'schemaVersion', 'The schema version')
  if (!Number.isInteger(schema) || schema < 1 || schema > 4) {
    throw unsupportedFormat(`This 2FAS backup uses schema version ${schema}, which Twofold does not read.`)
  }
  const groupNames = groupNamesOf(file)
  const encrypted = optionalString(file, 'servicesEncrypted', 'The encrypted services')
  const services =
    encrypted === undefined
      ? entryArray(field(file, 'services'), 'The services')
      : await decryptServices(encrypted, optionalString(file, 'reference', 'The password check'), password)
  return collectEntries((collector) => {
    for (const service of services) collector.add(describe(service), () => entryOf(service, groupNames))
  })
}

async function decryptServices(
  encrypted: string,
  reference: string | undefined,
  password: string | undefined,
): Promise<unknown[]> {
  const services = unseal(encrypted)
  const check = reference === undefined ? undefined : unseal(reference)
  if (password === undefined || password === '') throw passwordRequired(KIND)

  const key = await derivePbkdf2(password, services.salt, PBKDF2_ITERATIONS, 'sha256', KIND)
  try {
    if (check !== undefined) {
      // The reference shares the services' salt in every 2FAS backup; one with its own salt gets its own key.
      const checkKey = check.salt.equals(services.salt)
        ? key
        : await derivePbkdf2(password, check.salt, PBKDF2_ITERATIONS, 'sha256', KIND)
      const opened = openAesGcm(checkKey, check.iv, check.ciphertext, check.tag)
      if (checkKey !== key) checkKey.fill(0)
      if (opened === null) throw wrongPassword(KIND)
      opened.fill(0)
    }
    const plaintext = openAesGcm(key, services.iv, services.ciphertext, services.tag)
    if (plaintext === null) {
      throw check === undefined
        ? wrongPassword(KIND, true)
        : unreadable(`This ${KIND} is damaged: its accounts do not decrypt.`)
    }
    const json = parseJson(plaintext.toString('utf8'))
    plaintext.fill(0)
    return entryArray(json, 'The decrypted services')
  } finally {
    key.fill(0)
  }
}

function unseal(text: string): Sealed {
  const parts = text.split(':')
  if (parts.length !== 3) throw unreadable(`This ${KIND} is damaged: its encrypted part is malformed.`)
  const [sealed = '', salt = '', iv = ''] = parts
  const bytes = decodeBase64(sealed, 'The encrypted services')
  if (bytes.length < GCM_TAG_BYTES)
    throw unreadable(`This ${KIND} is damaged: its encrypted part is too short.`)
  return {
    ciphertext: bytes.subarray(0, bytes.length - GCM_TAG_BYTES),
    tag: bytes.subarray(bytes.length - GCM_TAG_BYTES),
    salt: decodeBase64(salt, 'The salt'),
    iv: decodeBase64(iv, 'The nonce'),
  }
}

function groupNamesOf(file: JsonObject): Map<string, string> {
  return namesById<string>(field(file, 'groups'), 'The groups', { id: 'id', name: 'name', idType: 'string' })
}

function describe(service: unknown): string {
  if (!isJsonObject(service)) return ''
  const name = field(service, 'name')
  return typeof name === 'string' ? name : ''
}

function entryOf(service: unknown, groupNames: ReadonlyMap<string, string>): ReturnType<typeof otpEntry> {
  if (!isJsonObject(service)) throw unreadable('this entry is not an object')
  const otp = optionalObject(service, 'otp', 'its settings') ?? {}
  const groupId = optionalString(service, 'groupId', 'its group')
  // 2FAS's own name for the service is the fallback issuer; `otp.issuer` is what the QR code said.
  const issuer = optionalString(otp, 'issuer', 'its issuer')
  return otpEntry(
    {
      issuer:
        issuer === undefined || issuer.trim() === '' ? optionalString(service, 'name', 'its name') : issuer,
      accountName: optionalString(otp, 'account', 'its account'),
      group: groupId === undefined ? undefined : groupNames.get(groupId),
    },
    {
      kind: kindOf(optionalString(otp, 'tokenType', 'its type')),
      algorithm: optionalString(otp, 'algorithm', 'its algorithm'),
      digits: optionalNumber(otp, 'digits', 'its digits'),
      period: optionalNumber(otp, 'period', 'its period'),
      counter: optionalNumber(otp, 'counter', 'its counter'),
    },
    { base32: requiredString(service, 'secret', 'its secret') },
  )
}

/** Schemas 1 and 2 have no token type: every entry is TOTP, as 2FAS itself treated them then. */
function kindOf(tokenType: string | undefined): OtpKind {
  switch (tokenType?.toUpperCase()) {
    case undefined:
    case 'TOTP':
      return 'totp'
    case 'HOTP':
      return 'hotp'
    case 'STEAM':
      return 'steam'
    default:
      throw unsupportedKind(safeTypeName(tokenType))
  }
}

export const twoFasFormat: FormatReader = {
  detect: (sample) =>
    looksLikeTwoFas(sample.json) ||
    (sample.isBrokenJson && /"(?:servicesEncrypted|schemaVersion)"\s*:/.test(sample.text ?? '')),
  read: (bytes, { password }) => readTwoFas(bytes, password),
}
