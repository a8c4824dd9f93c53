import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import { collectEntries, type CollectedEntries } from '../entry-collector.ts'
import { passwordRequired, unreadable, unsupportedFormat, wrongPassword } from '../import-errors.ts'
import {
  checkArgon2Parameters,
  checkPbkdf2Iterations,
  deriveArgon2id,
  derivePbkdf2,
  openAesCbc,
  type Argon2Parameters,
} from '../import-crypto.ts'
import {
  entryArray,
  field,
  isJsonObject,
  optionalString,
  parseJson,
  readJsonObjectFile,
  requiredNumber,
  requiredString,
  stringList,
  type JsonObject,
} from '../import-json.ts'
import { decodeBase64 } from '../import-text.ts'
import { entryFromBitwardenTotp } from './bitwarden-totp.ts'
import type { FormatReader } from '../format-reader.ts'

// Bitwarden JSON export, plain or password-protected. Only items with a TOTP field become entries: a
// password manager's other logins are not authenticators, so skipping them drops nothing.
//
// Password-protected: the key comes from the password and the file's `salt` (the text itself, as
// UTF-8) with PBKDF2-SHA256 (kdfType 0) or Argon2id (kdfType 1: memory in MiB, salt hashed with
// SHA-256 first); HKDF-Expand-SHA256 stretches it into an encryption key ("enc") and a MAC key
// ("mac"). `data` and `encKeyValidation_DO_NOT_EDIT` are EncStrings of type 2,
// `2.base64(iv)|base64(ciphertext)|base64(mac)`: HMAC-SHA256 over iv‖ciphertext, then AES-256-CBC.
// The validation string tells a wrong password apart from a damaged file.

const KIND = 'Bitwarden export'
const KDF_PBKDF2 = 0
const KDF_ARGON2ID = 1

interface EncString {
  iv: Buffer
  ciphertext: Buffer
  mac: Buffer
}

interface StretchedKey {
  encKey: Buffer
  macKey: Buffer
}

type KdfSettings = { type: 'pbkdf2'; iterations: number } | { type: 'argon2id'; argon2: Argon2Parameters }

export function looksLikeBitwardenJson(json: unknown): boolean {
  if (!isJsonObject(json)) return false
  if (Array.isArray(field(json, 'items'))) return true
  return field(json, 'encrypted') === true && typeof field(json, 'data') === 'string'
}

export async function readBitwardenJson(
  bytes: Uint8Array,
  password: string | undefined,
): Promise<CollectedEntries> {
  let file = readJsonObjectFile(bytes, KIND)
  if (field(file, 'encrypted') === true) {
    if (field(file, 'passwordProtected') !== true) {
      throw unsupportedFormat(
        'This Bitwarden export is locked to the Bitwarden account that made it. Export again and choose "Password protected" or unencrypted JSON.',
      )
    }
    file = await decryptExport(file, password)
  }
  const items = entryArray(field(file, 'items'), 'The items')
  const folders = namesById([field(file, 'folders'), field(file, 'collections')])
  return collectEntries((collector) => {
    items.forEach((item, index) => {
      if (!isJsonObject(item) || !isJsonObject(field(item, 'login'))) return
      const login = field(item, 'login') as JsonObject
      const totp = field(login, 'totp')
      if (typeof totp !== 'string' || totp.trim() === '') return
      const name = field(item, 'name')
      collector.add(
        typeof name === 'string' ? name : '',
        () =>
          entryFromBitwardenTotp(totp, {
            name: optionalString(item, 'name', 'its name'),
            username: optionalString(login, 'username', 'its username'),
            folder: folderOf(item, folders),
            notes: optionalString(item, 'notes', 'its notes'),
          }),
        // Positions count every item, so a failure can be found in Bitwarden's own list.
        index + 1,
      )
    })
  })
}

/** Personal exports file items in folders; organisation exports in collections. Either becomes the group. */
function folderOf(item: JsonObject, folders: ReadonlyMap<string, string>): string | undefined {
  const folderId = field(item, 'folderId')
  if (typeof folderId === 'string' && folders.has(folderId)) return folders.get(folderId)
  return stringList(field(item, 'collectionIds'))
    .map((id) => folders.get(id))
    .find((name) => name !== undefined)
}

function namesById(lists: unknown[]): Map<string, string> {
  const names = new Map<string, string>()
  for (const list of lists) {
    if (!Array.isArray(list)) continue
    for (const folder of entryArray(list, 'The folders')) {
      if (!isJsonObject(folder)) continue
      const id = field(folder, 'id')
      const name = field(folder, 'name')
      if (typeof id === 'string' && typeof name === 'string') names.set(id, name)
    }
  }
  return names
}

async function decryptExport(file: JsonObject, password: string | undefined): Promise<JsonObject> {
  const salt = Buffer.from(requiredString(file, 'salt', 'The salt'), 'utf8')
  const kdf = kdfSettings(file)
  const validation = parseEncString(
    requiredString(file, 'encKeyValidation_DO_NOT_EDIT', 'The password check'),
  )
  const data = parseEncString(requiredString(file, 'data', 'The encrypted data'))
  if (password === undefined || password === '') throw passwordRequired(KIND)

  const masterKey =
    kdf.type === 'pbkdf2'
      ? await derivePbkdf2(password, salt, kdf.iterations, 'sha256', KIND)
      : await deriveArgon2id(password, createHash('sha256').update(salt).digest(), kdf.argon2, KIND)
  const key = stretch(masterKey)
  masterKey.fill(0)
  try {
    const check = openEncString(validation, key)
    if (check === null) throw wrongPassword(KIND)
    check.fill(0)
    const plaintext = openEncString(data, key)
    if (plaintext === null) throw unreadable(`This ${KIND} is damaged: its data does not decrypt.`)
    const json = parseJson(plaintext.toString('utf8'))
    plaintext.fill(0)
    if (!isJsonObject(json)) throw unreadable(`This ${KIND} is damaged: its data is not valid JSON.`)
    return json
  } finally {
    key.encKey.fill(0)
    key.macKey.fill(0)
  }
}

function kdfSettings(file: JsonObject): KdfSettings {
  const type = requiredNumber(file, 'kdfType', 'The key-derivation type')
  const iterations = requiredNumber(file, 'kdfIterations', 'The key-derivation iterations')
  if (type === KDF_PBKDF2) {
    checkPbkdf2Iterations(iterations, KIND)
    return { type: 'pbkdf2', iterations }
  }
  if (type === KDF_ARGON2ID) {
    const memoryMiB = requiredNumber(file, 'kdfMemory', 'The key-derivation memory')
    const argon2 = {
      memoryKiB: Number.isSafeInteger(memoryMiB) ? memoryMiB * 1024 : -1,
      passes: iterations,
      parallelism: requiredNumber(file, 'kdfParallelism', 'The key-derivation parallelism'),
    }
    checkArgon2Parameters(argon2, KIND)
    return { type: 'argon2id', argon2 }
  }
  throw unsupportedFormat('This Bitwarden export uses a key-derivation method Twofold does not know.')
}

function parseEncString(text: string): EncString {
  const match = /^(\d+)\.([^|]*)\|([^|]*)\|([^|]*)$/.exec(text.trim())
  if (match === null) throw unreadable(`This ${KIND} is damaged: its encrypted data is malformed.`)
  if (match[1] !== '2')
    throw unsupportedFormat('This Bitwarden export uses an encryption type Twofold does not read.')
  const iv = decodeBase64(match[2] ?? '', 'The encrypted data')
  const mac = decodeBase64(match[4] ?? '', 'The encrypted data')
  if (iv.length !== 16 || mac.length !== 32)
    throw unreadable(`This ${KIND} is damaged: its encrypted data is malformed.`)
  return { iv, ciphertext: decodeBase64(match[3] ?? '', 'The encrypted data'), mac }
}

/** HKDF-Expand only (no extract step), one SHA-256 block each, as Bitwarden's stretchKey does. */
function stretch(masterKey: Buffer): StretchedKey {
  const expand = (info: string): Buffer =>
    createHmac('sha256', masterKey)
      .update(Buffer.concat([Buffer.from(info, 'utf8'), Buffer.of(1)]))
      .digest()
  return { encKey: expand('enc'), macKey: expand('mac') }
}

function openEncString(encString: EncString, key: StretchedKey): Buffer | null {
  const mac = createHmac('sha256', key.macKey).update(encString.iv).update(encString.ciphertext).digest()
  if (!timingSafeEqual(mac, encString.mac)) return null
  return openAesCbc(key.encKey, encString.iv, encString.ciphertext)
}

export const bitwardenJsonFormat: FormatReader = {
  detect: (sample) =>
    looksLikeBitwardenJson(sample.json) ||
    (sample.isBrokenJson && /"(?:encKeyValidation_DO_NOT_EDIT|items)"\s*:/.test(sample.text ?? '')),
  read: (bytes, { password }) => readBitwardenJson(bytes, password),
}
