import { configure, ZipReader, Uint8ArrayReader, type Entry, type FileEntry } from '@zip.js/zip.js'
import { isTwofoldError } from '../errors.ts'
import type { ImportSample } from './import-sample.ts'
import { passwordRequired, tooLarge, unreadable, wrongPassword } from './import-errors.ts'
import { MAX_IMPORT_BYTES, MAX_ZIP_ENTRIES } from './import-limits.ts'

// Zip archives that exports arrive in (1Password's .1pux, Proton Pass, WinAuth's and Authenticator
// Plus's password-protected zips). zip.js reads them, including ZipCrypto and WinZip-AES encryption;
// this module adds what an untrusted archive needs: a cap on entries, and a cap on what one entry may
// inflate to that is enforced while inflating, not trusted from the archive's own size fields.

// Node has no Web Workers; inflating on the calling thread is what the import path expects anyway
// (the import runs in the main process's thread pool or a CLI).
configure({ useWebWorkers: false })

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04]
const EMPTY_ZIP_MAGIC = [0x50, 0x4b, 0x05, 0x06]

export interface ZipFileInfo {
  name: string
  encrypted: boolean
}

export function looksLikeZip(bytes: Uint8Array): boolean {
  return [ZIP_MAGIC, EMPTY_ZIP_MAGIC].some((magic) => magic.every((byte, index) => bytes[index] === byte))
}

async function entriesOf(bytes: Uint8Array, kind: string): Promise<FileEntry[]> {
  let entries: Entry[]
  try {
    entries = await new ZipReader(new Uint8ArrayReader(bytes)).getEntries()
  } catch {
    throw unreadable(`This ${kind} is damaged: its zip archive cannot be read.`)
  }
  if (entries.length > MAX_ZIP_ENTRIES)
    throw tooLarge(`This ${kind} holds more than ${MAX_ZIP_ENTRIES} files.`)
  return entries.filter((entry): entry is FileEntry => !entry.directory)
}

/** The files in an archive (names are not encrypted even in a password-protected zip). */
export async function zipFiles(bytes: Uint8Array, kind: string): Promise<ZipFileInfo[]> {
  return (await entriesOf(bytes, kind)).map((entry) => ({ name: entry.filename, encrypted: entry.encrypted }))
}

/** The names in an archive, or null when it is not a readable zip: for detection, never throws. */
export async function zipFileNames(bytes: Uint8Array): Promise<string[] | null> {
  if (!looksLikeZip(bytes)) return null
  try {
    return (await entriesOf(bytes, 'archive')).map((entry) => entry.filename)
  } catch {
    return null
  }
}

const namesOfSamples = new WeakMap<ImportSample, Promise<string[] | null>>()

/**
 * The sample's zip listing, read once however many detectors ask: five formats arrive as zips, and
 * each asking for the central directory again would read it five times per detection.
 */
export function zipNamesOfSample(sample: ImportSample): Promise<string[] | null> {
  let names = namesOfSamples.get(sample)
  if (names === undefined) {
    names = zipFileNames(sample.bytes)
    namesOfSamples.set(sample, names)
  }
  return names
}

/**
 * One file of the archive, inflated up to `maxBytes`. An encrypted file needs `password`; a wrong one
 * is `import-wrong-password` (zip's own check, a CRC or an AES verifier, tells it from damage).
 */
export async function readZipFile(
  bytes: Uint8Array,
  name: string | ((name: string) => boolean),
  kind: string,
  options: { password?: string | undefined; maxBytes?: number } = {},
): Promise<Uint8Array> {
  const matches = typeof name === 'string' ? (candidate: string) => candidate === name : name
  const entry = (await entriesOf(bytes, kind)).find((candidate) => matches(candidate.filename))
  if (entry === undefined) throw unreadable(`This ${kind} is missing the file it should hold.`)
  const maxBytes = options.maxBytes ?? MAX_IMPORT_BYTES
  if (entry.uncompressedSize > maxBytes)
    throw tooLarge(`This ${kind} holds a file too large to be an export.`)
  if (entry.encrypted && (options.password === undefined || options.password === '')) {
    throw passwordRequired(kind)
  }
  const chunks: Uint8Array[] = []
  let total = 0
  const sink = new WritableStream<Uint8Array>({
    write(chunk) {
      total += chunk.length
      // The size fields are the archive's own claim: the cap holds against what actually inflates.
      if (total > maxBytes) throw tooLarge(`This ${kind} holds a file too large to be an export.`)
      chunks.push(chunk)
    },
  })
  try {
    await entry.getData(sink, entry.encrypted ? { password: options.password } : {})
  } catch (error) {
    for (const chunk of chunks) chunk.fill(0)
    if (isTwofoldError(error)) throw error
    const message = error instanceof Error ? error.message : ''
    if (entry.encrypted && /password/i.test(message)) throw wrongPassword(kind)
    // ZipCrypto checks a password against one byte: one wrong password in 256 passes that check and
    // then inflates garbage. An encrypted file that fails after its check is "wrong, or damaged".
    if (entry.encrypted) throw wrongPassword(kind, true)
    throw unreadable(`This ${kind} is damaged: a file in its zip archive cannot be read.`)
  }
  const out = new Uint8Array(total)
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.length
    chunk.fill(0)
  }
  return out
}
