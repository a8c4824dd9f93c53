import { otpEntry, unsupportedKind, type OtpKind } from '../build-entry.ts'
import { collectEntries, type CollectedEntries } from '../entry-collector.ts'
import { unreadable } from '../import-errors.ts'
import {
  entryArray,
  field,
  isJsonObject,
  optionalNumber,
  optionalString,
  readJsonObjectFile,
  requiredNumber,
  requiredString,
  type JsonObject,
} from '../import-json.ts'
import type { FormatReader } from '../format-reader.ts'
import {
  encryptedAuthenticatorProLayout,
  readEncryptedAuthenticatorPro,
} from './authenticator-pro-encrypted.ts'

// Authenticator Pro (now "Stratum") backup, plain JSON: `Authenticators` with numeric `Type` and
// `Algorithm`, and categories joined to entries by secret through `AuthenticatorCategories`.
// Encrypted backups start with a plain-text marker and hold the same JSON: see
// authenticator-pro-encrypted.ts.

const KIND = 'Authenticator Pro backup'

const ALGORITHMS: Readonly<Record<number, string>> = { 0: 'SHA1', 1: 'SHA256', 2: 'SHA512' }

export function looksLikeAuthenticatorPro(json: unknown): boolean {
  return isJsonObject(json) && Array.isArray(field(json, 'Authenticators'))
}

export function looksLikeEncryptedAuthenticatorPro(bytes: Uint8Array): boolean {
  return encryptedAuthenticatorProLayout(bytes) !== null
}

export async function readAuthenticatorPro(
  bytes: Uint8Array,
  password: string | undefined,
): Promise<CollectedEntries> {
  if (looksLikeEncryptedAuthenticatorPro(bytes)) {
    return readEncryptedAuthenticatorPro(bytes, password, readPlainBackup)
  }
  return readPlainBackup(bytes)
}

function readPlainBackup(bytes: Uint8Array): CollectedEntries {
  const file = readJsonObjectFile(bytes, KIND)
  const items = entryArray(field(file, 'Authenticators'), 'The authenticators')
  const categories = categoriesBySecret(file)
  return collectEntries((collector) => {
    for (const item of items) collector.add(describe(item), () => entryOf(item, categories))
  })
}

/** Category names per entry secret, in the order the backup lists them. */
function categoriesBySecret(file: JsonObject): Map<string, string[]> {
  const names = new Map<string, string>()
  const categories = field(file, 'Categories')
  if (Array.isArray(categories)) {
    for (const category of entryArray(categories, 'The categories')) {
      if (!isJsonObject(category)) continue
      const id = field(category, 'Id')
      const name = field(category, 'Name')
      if (typeof id === 'string' && typeof name === 'string') names.set(id, name)
    }
  }
  const bySecret = new Map<string, string[]>()
  const links = field(file, 'AuthenticatorCategories')
  if (Array.isArray(links)) {
    for (const link of entryArray(links, 'The category links')) {
      if (!isJsonObject(link)) continue
      const secret = field(link, 'AuthenticatorSecret')
      const categoryId = field(link, 'CategoryId')
      const name = typeof categoryId === 'string' ? names.get(categoryId) : undefined
      if (typeof secret !== 'string' || name === undefined) continue
      bySecret.set(secret, [...(bySecret.get(secret) ?? []), name])
    }
  }
  return bySecret
}

function describe(item: unknown): string {
  if (!isJsonObject(item)) return ''
  const issuer = field(item, 'Issuer')
  const name = field(item, 'Username')
  return [issuer, name].filter((part) => typeof part === 'string' && part !== '').join(': ')
}

function entryOf(item: unknown, categories: ReadonlyMap<string, string[]>): ReturnType<typeof otpEntry> {
  if (!isJsonObject(item)) throw unreadable('this entry is not an object')
  const kind = authenticatorProKind(requiredNumber(item, 'Type', 'its type'))
  const algorithmCode = optionalNumber(item, 'Algorithm', 'its algorithm') ?? 0
  const algorithm = ALGORITHMS[algorithmCode]
  if (algorithm === undefined) throw unreadable('its algorithm is not one Authenticator Pro defines')
  const secret = requiredString(item, 'Secret', 'its secret')
  const groups = categories.get(secret) ?? []
  return otpEntry(
    {
      issuer: optionalString(item, 'Issuer', 'its issuer'),
      accountName: optionalString(item, 'Username', 'its username'),
      // Twofold files an account under one client: the first category; any further ones become tags.
      group: groups[0],
      tags: groups.slice(1),
    },
    {
      kind,
      algorithm,
      digits: optionalNumber(item, 'Digits', 'its digits'),
      period: optionalNumber(item, 'Period', 'its period'),
      counter: optionalNumber(item, 'Counter', 'its counter'),
    },
    { base32: secret },
  )
}

/** Authenticator Pro's numeric `Type`, the same in its backups and its own database. */
export function authenticatorProKind(type: number | undefined): OtpKind {
  switch (type) {
    case 1:
      return 'hotp'
    case 2:
      return 'totp'
    case 3:
      throw unsupportedKind('mOTP')
    case 4:
      return 'steam'
    case 5:
      throw unsupportedKind('Yandex')
    default:
      throw unsupportedKind('Unknown')
  }
}

export const authenticatorProFormat: FormatReader = {
  detect: (sample) =>
    looksLikeEncryptedAuthenticatorPro(sample.bytes) ||
    looksLikeAuthenticatorPro(sample.json) ||
    (sample.isBrokenJson && /"Authenticators"\s*:/.test(sample.text ?? '')),
  read: (bytes, { password }) => readAuthenticatorPro(bytes, password),
}
