import { collectEntries, type CollectedEntries } from '../entry-collector.ts'
import type { FormatReader } from '../format-reader.ts'
import { checkArgon2Parameters } from '../import-crypto.ts'
import {
  hostileParameters,
  passwordRequired,
  tooLarge,
  unreadable,
  unsupportedFormat,
  wrongPassword,
} from '../import-errors.ts'
import { checkEntryCount, isJsonObject, readJsonObjectFile, type JsonObject } from '../import-json.ts'
import { csvHeader, readCsvTable } from '../import-csv.ts'
import type { ImportSample } from '../import-sample.ts'
import { MAX_IMPORT_BYTES } from '../import-limits.ts'
import { decodeText } from '../import-text.ts'
import { looksLikeZip, readZipFile, zipNamesOfSample } from '../import-zip.ts'
import {
  arrayField,
  entryFromPasswordManagerTotp,
  firstText,
  objectField,
  stringField,
} from './password-manager-item.ts'

// Proton Pass's export, in its three shapes:
// - the zip (`Proton Pass/data.json`, plus `Proton Pass/files/…` attachments, which are not read);
// - `data.json` on its own (a person who unzipped the export);
// - the PGP export: the same zip in a passphrase-encrypted OpenPGP message, ASCII-armoured
//   (`-----BEGIN PGP MESSAGE-----`), read with openpgp.js;
// - the CSV export: `type,name,url,email,username,password,note,totp,createTime,modifyTime,vault`
//   (older ones without `email`), the same fields flattened, with only the login's own TOTP.
// data.json is `{ version, userId, encrypted, vaults: { <shareId>: { name, items: [...] } } }`; an item
// is `{ data: { type, metadata: { name, note }, content: { itemUsername, itemEmail, urls, totpUri,
// password }, extraFields: [{ fieldName, type: "totp", data: { totpUri } }] }, state }`. Older
// exports name the username `content.username`. Every TOTP of an item (the login's `totpUri` and each
// extra field of type totp) becomes an entry: the item name is the issuer when the link names none,
// the username (else the e-mail) the account name, the vault's name the client. Trashed items (state
// 2) are skipped, as are items without a TOTP (ordinary logins); passwords are never read.
// Decisions: before decrypting, every passphrase packet's S2K is checked (iterated-and-salted S2K is
// bounded by OpenPGP itself at 65 MiB of hashing; Argon2 S2K goes through the import Argon2 caps),
// and a message encrypted to a public key, not a passphrase, is refused as not a Pass export we can
// open. The old `encrypted: true` export (sealed with the Proton account's keys) is refused with
// advice.

const KIND = 'Proton Pass export'
const DATA_FILE = 'proton pass/data.json'
const ARMOR_START = '-----BEGIN PGP MESSAGE-----'
/** Trashed items: deleted by the person, so not imported. */
const TRASHED = 2

function isDataFile(name: string): boolean {
  return name.toLowerCase() === DATA_FILE
}

export function looksLikeProtonPassJson(json: unknown): boolean {
  return (
    isJsonObject(json) &&
    isJsonObject(json.vaults) &&
    typeof json.encrypted === 'boolean' &&
    (typeof json.version === 'string' || typeof json.userId === 'string')
  )
}

function isArmoredPgp(text: string | null): boolean {
  return text !== null && text.trimStart().startsWith(ARMOR_START)
}

const CSV_COLUMNS = ['name', 'url', 'username', 'note', 'totp', 'vault'] as const

function csvColumns(header: readonly string[]): (name: string) => number {
  const lower = header.map((name) => name.trim().toLowerCase())
  return (name) => lower.indexOf(name)
}

export function looksLikeProtonPassCsv(header: readonly string[]): boolean {
  const column = csvColumns(header)
  return CSV_COLUMNS.every((name) => column(name) !== -1) && column('modifytime') !== -1
}

async function detect(sample: ImportSample): Promise<boolean> {
  if (sample.csvHeader !== null && looksLikeProtonPassCsv(sample.csvHeader)) return true
  if (looksLikeZip(sample.bytes)) return (await zipNamesOfSample(sample))?.some(isDataFile) ?? false
  if (sample.startsWith(ARMOR_START) || isArmoredPgp(sample.text?.slice(0, 200) ?? null)) return true
  if (looksLikeProtonPassJson(sample.json)) return true
  // A cut-off data.json: its opening keys still say what it is, so the reader can call it damaged.
  const start = sample.isBrokenJson ? (sample.text ?? '').slice(0, 300) : ''
  return /"userId"\s*:/.test(start) && /"encrypted"\s*:/.test(start) && /"vaults"\s*:/.test(start)
}

// ---------------------------------------------------------------------------------------------------
// The PGP export.

interface S2k {
  type?: unknown
  c?: unknown
  t?: unknown
  p?: unknown
  encodedM?: unknown
}

/** Refuses S2K settings that would cost more than the import caps allow, before any password is used. */
function checkS2k(s2k: S2k | undefined): void {
  if (s2k === undefined) throw unreadable(`This ${KIND} is damaged: its passphrase packet cannot be read.`)
  switch (s2k.type) {
    case 'simple':
    case 'salted':
    case 'iterated':
      // OpenPGP caps the iterated count at 65,011,712 bytes of hashing: cheap enough, never hostile.
      return
    case 'argon2': {
      const { t, p, encodedM } = s2k
      if (typeof t !== 'number' || typeof p !== 'number' || typeof encodedM !== 'number' || encodedM > 30) {
        throw hostileParameters(KIND)
      }
      checkArgon2Parameters({ memoryKiB: 2 ** encodedM, passes: t, parallelism: p }, KIND)
      return
    }
    default:
      throw unsupportedFormat(`This ${KIND} uses a passphrase scheme Twofold does not read.`)
  }
}

async function decryptPgp(text: string, password: string | undefined): Promise<Uint8Array> {
  const openpgp = await import('openpgp')
  let message: Awaited<ReturnType<typeof openpgp.readMessage>>
  try {
    message = await openpgp.readMessage({ armoredMessage: text })
  } catch {
    throw unreadable(`This ${KIND} is damaged: its PGP message cannot be read.`)
  }
  const passphrasePackets = message.packets.filter(
    (packet) => packet instanceof openpgp.SymEncryptedSessionKeyPacket,
  )
  if (passphrasePackets.length === 0) {
    throw unsupportedFormat(
      `This PGP message is encrypted to a key, not with a passphrase: it is not a ${KIND} Twofold can open.`,
    )
  }
  for (const packet of passphrasePackets) checkS2k((packet as unknown as { s2k?: S2k }).s2k)
  if (password === undefined || password === '') throw passwordRequired(KIND)
  let data: Uint8Array
  try {
    // Typed by hand: the linter does not resolve openpgp's overloads for a binary result.
    const result = (await openpgp.decrypt({
      message,
      passwords: [password],
      format: 'binary',
      // The archive inside is an export: what it inflates to is capped like any import file.
      config: { maxArgon2MemoryExponent: 20, maxDecompressedMessageSize: MAX_IMPORT_BYTES },
    })) as unknown as { data: Uint8Array }
    data = result.data
  } catch (error) {
    if (error instanceof Error && error.message.includes('Maximum decompressed message size exceeded')) {
      throw tooLarge(`This ${KIND} unpacks to more than an export can hold, so it was not opened.`)
    }
    // A v4 passphrase packet has no check of its own: a wrong passphrase surfaces as a failed
    // integrity check on the data, just as damage would.
    throw wrongPassword(KIND, true)
  }
  return data
}

// ---------------------------------------------------------------------------------------------------
// data.json

async function dataJsonOf(bytes: Uint8Array, password: string | undefined): Promise<JsonObject> {
  const text = looksLikeZip(bytes)
    ? null
    : new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 200))
  if (isArmoredPgp(text)) {
    const archive = await decryptPgp(new TextDecoder().decode(bytes), password)
    try {
      if (!looksLikeZip(archive)) {
        throw unreadable(`This ${KIND} decrypted, but what it holds is not Proton Pass's archive.`)
      }
      return readJsonObjectFile(await readZipFile(archive, isDataFile, KIND), KIND)
    } finally {
      archive.fill(0)
    }
  }
  if (looksLikeZip(bytes)) return readJsonObjectFile(await readZipFile(bytes, isDataFile, KIND), KIND)
  return readJsonObjectFile(bytes, KIND)
}

function readItems(data: JsonObject): CollectedEntries {
  if (data.encrypted === true) {
    throw unsupportedFormat(
      `This ${KIND} is sealed with your Proton account's keys. Export again from Proton Pass choosing PGP encryption with a passphrase (or no encryption), then import that file.`,
    )
  }
  const vaults = data.vaults
  if (!isJsonObject(vaults)) throw unreadable(`This ${KIND} has no vaults: it may be damaged.`)
  return collectEntries((collector) => {
    let position = 0
    let seen = 0
    for (const vault of Object.values(vaults)) {
      const vaultName = stringField(vault, 'name')
      const items = arrayField(vault, 'items')
      seen += items.length
      checkEntryCount(seen)
      for (const item of items) {
        position++
        if (!isJsonObject(item)) {
          collector.fail('', 'the item is not an object', position)
          continue
        }
        if (item.state === TRASHED) continue
        const itemData = objectField(item, 'data')
        const metadata = objectField(itemData, 'metadata')
        const content = objectField(itemData, 'content')
        const title = stringField(metadata, 'name')
        const totps = [
          stringField(content, 'totpUri'),
          ...arrayField(itemData, 'extraFields')
            .filter((extra) => stringField(extra, 'type') === 'totp')
            .map((extra) => stringField(objectField(extra, 'data'), 'totpUri')),
        ].filter((value): value is string => value !== undefined && value.trim() !== '')
        for (const totp of totps) {
          collector.add(
            title ?? '',
            () =>
              entryFromPasswordManagerTotp(totp, {
                title,
                username: firstText(
                  stringField(content, 'itemUsername'),
                  stringField(content, 'username'),
                  stringField(content, 'itemEmail'),
                ),
                url: arrayField(content, 'urls').find((url): url is string => typeof url === 'string'),
                group: vaultName,
                note: stringField(metadata, 'note'),
              }),
            position,
          )
        }
      }
    }
  })
}

function readCsv(text: string): CollectedEntries {
  const table = readCsvTable(text)
  const column = csvColumns(table.header)
  const cell = (cells: readonly string[], name: string): string | undefined => {
    const index = column(name)
    return index === -1 ? undefined : cells[index]
  }
  return collectEntries((collector) => {
    for (const { number, cells } of table.rows) {
      const totp = cell(cells, 'totp') ?? ''
      if (totp.trim() === '') continue
      const title = cell(cells, 'name')
      collector.add(
        title ?? '',
        () =>
          entryFromPasswordManagerTotp(totp, {
            title,
            username: firstText(cell(cells, 'username'), cell(cells, 'email')),
            // Proton joins several addresses with ", ".
            url: cell(cells, 'url')?.split(',')[0],
            group: cell(cells, 'vault'),
            note: cell(cells, 'note'),
          }),
        number,
      )
    }
  })
}

export async function readProtonPass(
  bytes: Uint8Array,
  password: string | undefined,
): Promise<CollectedEntries> {
  if (!looksLikeZip(bytes)) {
    const text = decodeText(bytes)
    if (text !== null && !isArmoredPgp(text) && !/^\s*[[{]/.test(text)) {
      const header = csvHeader(text)
      if (header !== null && looksLikeProtonPassCsv(header)) return readCsv(text)
    }
  }
  return readItems(await dataJsonOf(bytes, password))
}

export const protonPassFormat: FormatReader = {
  // openpgp inflates a compressed message without a cap: read on a bounded worker.
  isolated: (bytes) =>
    isArmoredPgp(new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 200))),
  // Proton writes its PGP export armoured; a binary PGP message has no marker a detector can trust.
  detect,
  read: (bytes, { password }) => readProtonPass(bytes, password),
}
