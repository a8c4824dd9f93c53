import { otpEntry, unsupportedKind, type OtpKind } from '../build-entry.ts'
import { collectEntries, type CollectedEntries } from '../entry-collector.ts'
import {
  hostileParameters,
  passwordRequired,
  unreadable,
  unsupportedFormat,
  wrongPassword,
} from '../import-errors.ts'
import { checkScryptParameters, deriveScrypt, openAesGcm, type ScryptParameters } from '../import-crypto.ts'
import {
  entryArray,
  field,
  isJsonObject,
  optionalNumber,
  optionalString,
  parseJson,
  readJsonObjectFile,
  requiredNumber,
  requiredObject,
  requiredString,
  safeTypeName,
  stringList,
  type JsonObject,
  namesById,
} from '../import-json.ts'
import { decodeBase64, decodeHex } from '../import-text.ts'
import type { FormatReader } from '../format-reader.ts'

// Aegis vault export (`aegis-export-*.json`), plain or encrypted. Encrypted: a random master key
// encrypts the database (AES-256-GCM); each "slot" wraps the master key; a password slot derives its
// wrapping key with scrypt (N, r, p and salt from the slot). Database versions 1–3: version 2 names one
// group per entry, version 3 lists group ids that `db.groups` names.

const KIND = 'Aegis vault'
const PASSWORD_SLOT = 1
/** Aegis vaults hold one password slot; a handful more is generous, hundreds would be a stall. */
const MAX_PASSWORD_SLOTS = 8

interface PasswordSlot {
  scrypt: ScryptParameters
  salt: Buffer
  wrappedKey: Buffer
  nonce: Buffer
  tag: Buffer
}

export function looksLikeAegis(json: unknown): boolean {
  return isJsonObject(json) && isJsonObject(field(json, 'header')) && field(json, 'db') !== undefined
}

export async function readAegis(bytes: Uint8Array, password: string | undefined): Promise<CollectedEntries> {
  return readDatabase(await openAegisDatabase(bytes, password))
}

/**
 * The vault's database object, decrypted when the vault is encrypted. Also how Twofold's own backups
 * (Aegis vaults with extra fields) are opened, so both share one set of checks.
 */
export async function openAegisDatabase(
  bytes: Uint8Array,
  password: string | undefined,
): Promise<JsonObject> {
  const file = readJsonObjectFile(bytes, KIND)
  const version = requiredNumber(file, 'version', 'The vault version')
  if (version !== 1)
    throw unsupportedFormat(`This Aegis vault has format version ${version}, which Twofold does not read.`)
  const header = requiredObject(file, 'header', 'The vault header')
  const db = field(file, 'db')
  if (isJsonObject(db)) return db
  if (typeof db !== 'string') throw unreadable(`This ${KIND} has no database: it may be damaged.`)
  return decryptDatabase(header, db, password)
}

async function decryptDatabase(
  header: JsonObject,
  db: string,
  password: string | undefined,
): Promise<JsonObject> {
  const slots = passwordSlots(header)
  const params = requiredObject(header, 'params', 'The vault header')
  const nonce = decodeHex(requiredString(params, 'nonce', 'The vault nonce'), 'The vault nonce')
  const tag = decodeHex(requiredString(params, 'tag', 'The vault tag'), 'The vault tag')
  const ciphertext = decodeBase64(db, 'The vault database')
  if (password === undefined || password === '') throw passwordRequired(KIND)

  const masterKey = await unwrapMasterKey(slots, password)
  const plaintext = openAesGcm(masterKey, nonce, ciphertext, tag)
  masterKey.fill(0)
  // The password was right (its slot opened), so a failure here is damage, not a wrong password.
  if (plaintext === null) throw unreadable(`This ${KIND} is damaged: its database does not decrypt.`)
  const json = parseJson(plaintext.toString('utf8'))
  plaintext.fill(0)
  if (!isJsonObject(json)) throw unreadable(`This ${KIND} is damaged: its database is not valid JSON.`)
  return json
}

function passwordSlots(header: JsonObject): PasswordSlot[] {
  const all = field(header, 'slots')
  if (!Array.isArray(all)) throw unreadable(`This ${KIND} is encrypted but lists no key slots.`)
  const slots = all.filter((slot) => isJsonObject(slot) && field(slot, 'type') === PASSWORD_SLOT)
  if (slots.length === 0) {
    throw unsupportedFormat(
      'This Aegis vault can only be unlocked with biometrics or a raw key; export it again with a password.',
    )
  }
  if (slots.length > MAX_PASSWORD_SLOTS) throw hostileParameters(KIND)
  return slots.map((slot) => {
    const record = slot as JsonObject
    // Every slot's settings are checked before any password is asked for or any work is done.
    const scrypt = {
      n: requiredNumber(record, 'n', 'The slot'),
      r: requiredNumber(record, 'r', 'The slot'),
      p: requiredNumber(record, 'p', 'The slot'),
    }
    checkScryptParameters(scrypt, KIND)
    const keyParams = requiredObject(record, 'key_params', 'The slot')
    return {
      scrypt,
      salt: decodeHex(requiredString(record, 'salt', 'The slot salt'), 'The slot salt'),
      wrappedKey: decodeHex(requiredString(record, 'key', 'The slot key'), 'The slot key'),
      nonce: decodeHex(requiredString(keyParams, 'nonce', 'The slot nonce'), 'The slot nonce'),
      tag: decodeHex(requiredString(keyParams, 'tag', 'The slot tag'), 'The slot tag'),
    }
  })
}

async function unwrapMasterKey(slots: readonly PasswordSlot[], password: string): Promise<Buffer> {
  for (const slot of slots) {
    const key = await deriveScrypt(password, slot.salt, slot.scrypt, KIND)
    const masterKey = openAesGcm(key, slot.nonce, slot.wrappedKey, slot.tag)
    key.fill(0)
    if (masterKey !== null) return masterKey
  }
  throw wrongPassword(KIND)
}

function readDatabase(db: JsonObject): CollectedEntries {
  const version = optionalNumber(db, 'version', 'The database version') ?? 1
  if (version < 1 || version > 3) {
    throw unsupportedFormat(`This Aegis vault has database version ${version}, which Twofold does not read.`)
  }
  const entries = entryArray(field(db, 'entries'), 'The vault entries')
  const groupNames = groupNamesOf(db)
  return collectEntries((collector) => {
    for (const item of entries) {
      collector.add(describe(item), () => entryOf(item, groupNames))
    }
  })
}

/** Version 3 names its groups once, by id; entries refer to the ids. */
function groupNamesOf(db: JsonObject): Map<string, string> {
  return namesById<string>(field(db, 'groups'), 'The vault groups', {
    id: 'uuid',
    name: 'name',
    idType: 'string',
  })
}

function describe(item: unknown): string {
  if (!isJsonObject(item)) return ''
  const issuer = field(item, 'issuer')
  const name = field(item, 'name')
  return [issuer, name].filter((part) => typeof part === 'string' && part !== '').join(': ')
}

function entryOf(item: unknown, groupNames: ReadonlyMap<string, string>): ReturnType<typeof otpEntry> {
  if (!isJsonObject(item)) throw unreadable('this entry is not an object')
  const kind = kindOf(field(item, 'type'))
  const info = requiredObject(item, 'info', 'its settings')
  const groups = [
    ...[optionalString(item, 'group', 'its group')].filter((name) => name !== undefined),
    ...stringList(field(item, 'groups')).flatMap((uuid) => groupNames.get(uuid) ?? []),
  ]
  return otpEntry(
    {
      issuer: optionalString(item, 'issuer', 'its issuer'),
      accountName: optionalString(item, 'name', 'its name'),
      // Twofold files an account under one client: the first group; any further ones become tags.
      group: groups[0],
      tags: groups.slice(1),
      note: optionalString(item, 'note', 'its note'),
    },
    {
      kind,
      algorithm: optionalString(info, 'algo', 'its algorithm'),
      digits: optionalNumber(info, 'digits', 'its digits'),
      period: optionalNumber(info, 'period', 'its period'),
      counter: optionalNumber(info, 'counter', 'its counter'),
    },
    { base32: requiredString(info, 'secret', 'its secret') },
  )
}

function kindOf(type: unknown): OtpKind {
  switch (type) {
    case 'totp':
    case 'hotp':
    case 'steam':
      return type
    case 'motp':
      throw unsupportedKind('mOTP')
    case 'yandex':
      throw unsupportedKind('Yandex')
    default:
      throw unsupportedKind(safeTypeName(type))
  }
}

export const aegisFormat: FormatReader = {
  // No open-ended wildcards in the damaged-file pattern: the text may be 20 MiB of hostile repetition.
  detect: (sample) =>
    looksLikeAegis(sample.json) ||
    (sample.isBrokenJson && /"header"\s*:\s*\{\s*"(?:slots|params)"/.test(sample.text ?? '')),
  read: (bytes, { password }) => readAegis(bytes, password),
}
