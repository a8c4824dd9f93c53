import { otpEntry } from '../build-entry.ts'
import { collectEntries, type CollectedEntries } from '../entry-collector.ts'
import { derivePbkdf2, openAesCbc } from '../import-crypto.ts'
import { passwordRequired, unreadable, unsupportedFormat, wrongPassword } from '../import-errors.ts'
import type { ImportedEntry } from '../imported-entry.ts'
import {
  checkEntryCount,
  entryArray,
  field,
  isJsonObject,
  optionalString,
  parseJson,
  requiredString,
  type JsonObject,
} from '../import-json.ts'
import { decodeBase64, decodeText } from '../import-text.ts'
import { looksLikeZip, readZipFile, zipFiles, zipNamesOfSample } from '../import-zip.ts'
import type { ImportSample } from '../import-sample.ts'
import type { FormatReader } from '../format-reader.ts'

// Steam Guard secrets, from two places that write the same JSON account:
//   {"shared_secret": Base64, "account_name", "steamid" (or Session.SteamID), "serial_number",
//    "revocation_code", "identity_secret", "secret_1", "uri", …}
//
// * Steam Desktop Authenticator (`steam-desktop-authenticator`): one `<steamid>.maFile` per account
//   in its maFiles folder, beside `manifest.json`. With a passkey set, each maFile is Base64 of
//   AES-256-CBC ciphertext whose key is PBKDF2-HMAC-SHA1(passkey, salt, 50,000) and whose salt (8
//   bytes) and IV (16) sit in manifest.json's `entries[]` (`encryption_salt`, `encryption_iv`,
//   `filename`), not in the maFile (SDA's FileEncryptor.cs and Manifest.cs). So an encrypted account
//   needs both files: the person zips the maFiles folder and imports the zip (a plain one too, to move
//   every account at once). A lone encrypted maFile is refused with that instruction. The iteration
//   count is SDA's constant, not the file's, so there is nothing hostile to refuse; there is no
//   password check either, so a failed decryption says "wrong passkey, or damaged".
// * The Steam app itself on a rooted phone (`steam-app`): files/Steamguard-<steamid> holds
//   {"accounts": {<name>: account}} (older versions: the bare account, which reads as a maFile).
//
// Read: the shared secret (the codes) and the account name, issuer "Steam". Not read: the identity
// secret (trade confirmations, which Twofold does not do), the session, and the revocation code — a
// recovery secret that would otherwise sit in a plain note; keep SDA's files for it.

const KIND = 'Steam Desktop Authenticator file'
const SDA_ITERATIONS = 50_000

function isSteamAccount(value: unknown): value is JsonObject {
  return isJsonObject(value) && typeof field(value, 'shared_secret') === 'string'
}

/** The Steam app's `{"accounts": {…}}` wrapper. */
function isAppFile(json: unknown): json is JsonObject {
  if (!isJsonObject(json)) return false
  const accounts = field(json, 'accounts')
  return isJsonObject(accounts) && Object.values(accounts).some(isSteamAccount)
}

function isMaFileJson(json: unknown): boolean {
  return isSteamAccount(json) && typeof field(json, 'account_name') === 'string'
}

function isSdaZipNames(names: readonly string[] | null): boolean {
  return names !== null && names.some((name) => name.toLowerCase().endsWith('.mafile'))
}

function baseName(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1)
}

interface Candidate {
  name: string
  read: () => ImportedEntry
}

export async function readSteam(bytes: Uint8Array, password: string | undefined): Promise<CollectedEntries> {
  if (looksLikeZip(bytes)) return collect(await zipCandidates(bytes, password))
  const text = decodeText(bytes)
  const json = text === null ? undefined : parseJson(text)
  if (json === undefined) {
    if (text !== null && /^[A-Za-z0-9+/=\s]+$/.test(text)) {
      throw unsupportedFormat(
        'This maFile is encrypted with a Steam Desktop Authenticator passkey, and its salt and IV are kept in manifest.json. Zip the whole maFiles folder (manifest.json with the .maFile files) and import the zip with the passkey.',
      )
    }
    throw unreadable(`This ${KIND} is not valid JSON: it may be truncated or damaged.`)
  }
  if (isAppFile(json)) {
    const accounts = field(json, 'accounts') as JsonObject
    const values = Object.entries(accounts)
    checkEntryCount(values.length)
    return collect(values.map(([key, account]) => candidateOf(account, key)))
  }
  if (isJsonObject(json)) return collect([candidateOf(json, '')])
  // A list of accounts, as some tools write several maFiles into one.
  return collect(entryArray(json, `The ${KIND}`).map((account) => candidateOf(account, '')))
}

function collect(candidates: Candidate[]): CollectedEntries {
  return collectEntries((collector) => {
    for (const { name, read } of candidates) collector.add(name, read)
  })
}

function candidateOf(account: unknown, fallbackName: string): Candidate {
  const name = isJsonObject(account) ? (optionalName(account) ?? fallbackName) : fallbackName
  return { name, read: () => steamEntry(account) }
}

function optionalName(account: JsonObject): string | undefined {
  const value = field(account, 'account_name')
  return typeof value === 'string' ? value : undefined
}

function steamEntry(account: unknown): ImportedEntry {
  if (!isJsonObject(account)) throw unreadable('this account is not an object')
  const secret = decodeBase64(
    requiredString(account, 'shared_secret', 'its shared secret'),
    'Its shared secret',
  )
  try {
    return otpEntry(
      { issuer: 'Steam', accountName: optionalString(account, 'account_name', 'its account name') },
      { kind: 'steam' },
      { bytes: secret },
    )
  } finally {
    secret.fill(0)
  }
}

interface ManifestEntry {
  filename: string
  salt: string | undefined
  iv: string | undefined
}

async function zipCandidates(bytes: Uint8Array, password: string | undefined): Promise<Candidate[]> {
  const names = (await zipFiles(bytes, KIND)).map((file) => file.name)
  const maFiles = names.filter((name) => name.toLowerCase().endsWith('.mafile'))
  if (maFiles.length === 0)
    throw unreadable(`This zip holds no .maFile: it is not a Steam Desktop Authenticator folder.`)
  checkEntryCount(maFiles.length)
  const manifestName = names.find((name) => baseName(name).toLowerCase() === 'manifest.json')
  const manifest = manifestName === undefined ? null : await readManifest(bytes, manifestName)
  const listed = new Map((manifest?.entries ?? []).map((entry) => [entry.filename.toLowerCase(), entry]))

  if (manifest?.encrypted !== true) {
    return Promise.all(
      maFiles.map(async (name) => {
        const content = await readZipFile(bytes, name, KIND)
        const json = parseJson(decodeText(content) ?? '')
        content.fill(0)
        return {
          name: isJsonObject(json) ? (optionalName(json) ?? baseName(name)) : baseName(name),
          read: () => {
            if (json === undefined) {
              throw unreadable(
                manifest === null
                  ? 'this maFile is encrypted, and the zip has no manifest.json with its salt and IV'
                  : 'this maFile is not valid JSON',
              )
            }
            return steamEntry(json)
          },
        }
      }),
    )
  }

  if (password === undefined || password === '') throw passwordRequired('Steam Desktop Authenticator folder')
  const candidates: Candidate[] = []
  let opened = 0
  for (const name of maFiles) {
    const entry = listed.get(baseName(name).toLowerCase())
    if (entry === undefined || entry.salt === undefined || entry.iv === undefined) {
      candidates.push({
        name: baseName(name),
        read: () => {
          throw unreadable('this maFile is not listed in manifest.json, so its salt and IV are unknown')
        },
      })
      continue
    }
    const content = await readZipFile(bytes, name, KIND)
    const json = await decryptMaFile(content, entry, password)
    content.fill(0)
    // The first file that does not open ends it: the passkey is wrong (or the folder damaged), and
    // each attempt costs SDA's 50,000 iterations, which a zip of a thousand maFiles would multiply.
    if (json === undefined && opened === 0) throw wrongPassword('Steam Desktop Authenticator folder', true)
    if (json !== undefined) opened++
    candidates.push({
      name: isJsonObject(json) ? (optionalName(json) ?? baseName(name)) : baseName(name),
      read: () => {
        if (json === undefined) throw unreadable('this maFile does not decrypt with the passkey')
        return steamEntry(json)
      },
    })
  }
  return candidates
}

async function readManifest(
  bytes: Uint8Array,
  name: string,
): Promise<{ encrypted: boolean; entries: ManifestEntry[] }> {
  const json = parseJson(decodeText(await readZipFile(bytes, name, KIND)) ?? '')
  if (!isJsonObject(json)) throw unreadable('The manifest.json in this zip is not valid JSON.')
  const entries = field(json, 'entries')
  const list =
    entries === undefined || entries === null ? [] : entryArray(entries, 'The manifest.json entry list')
  return {
    encrypted: field(json, 'encrypted') === true,
    entries: list.filter(isJsonObject).flatMap((entry) => {
      const filename = field(entry, 'filename')
      if (typeof filename !== 'string') return []
      const salt = field(entry, 'encryption_salt')
      const iv = field(entry, 'encryption_iv')
      return [
        {
          filename,
          salt: typeof salt === 'string' ? salt : undefined,
          iv: typeof iv === 'string' ? iv : undefined,
        },
      ]
    }),
  }
}

/** The account JSON, or undefined when the passkey does not open this file (or it is damaged). */
async function decryptMaFile(content: Uint8Array, entry: ManifestEntry, password: string): Promise<unknown> {
  let salt: Buffer, iv: Buffer, ciphertext: Buffer
  try {
    salt = decodeBase64(entry.salt ?? '', 'The salt')
    iv = decodeBase64(entry.iv ?? '', 'The IV')
    ciphertext = decodeBase64(decodeText(content) ?? '', 'The maFile')
  } catch {
    return undefined
  }
  if (salt.length === 0 || iv.length !== 16 || ciphertext.length === 0 || ciphertext.length % 16 !== 0) {
    return undefined
  }
  const key = await derivePbkdf2(password, salt, SDA_ITERATIONS, 'sha1', KIND)
  const plaintext = openAesCbc(key, iv, ciphertext)
  key.fill(0)
  if (plaintext === null) return undefined
  const json = parseJson(plaintext.toString('utf8'))
  plaintext.fill(0)
  return isSteamAccount(json) ? json : undefined
}

function looksLikeBrokenMaFile(sample: ImportSample): boolean {
  return sample.isBrokenJson && /"shared_secret"\s*:/.test(sample.text ?? '')
}

export const steamDesktopAuthenticatorFormat: FormatReader = {
  detect: async (sample) => {
    if (looksLikeZip(sample.bytes)) return isSdaZipNames(await zipNamesOfSample(sample))
    if (isMaFileJson(sample.json)) return true
    return (
      !isAppFile(sample.json) && looksLikeBrokenMaFile(sample) && !/"accounts"\s*:/.test(sample.text ?? '')
    )
  },
  // An encrypted maFile is Base64 text like any other: only its name says what it is.
  detectByName: (sample) =>
    sample.fileName.endsWith('.mafile') && sample.text !== null && /^[A-Za-z0-9+/=\s]+$/.test(sample.text),
  read: (bytes, { password }) => readSteam(bytes, password),
}

export const steamAppFormat: FormatReader = {
  detect: (sample) =>
    isAppFile(sample.json) ||
    (looksLikeBrokenMaFile(sample) && /^\s*\{\s*"accounts"\s*:/.test(sample.text ?? '')),
  read: (bytes, { password }) => readSteam(bytes, password),
}
