import * as nodeCrypto from 'node:crypto'
import * as kdbxweb from 'kdbxweb'
import { deriveArgon2idKey } from '../../crypto/password-kdf.ts'
import { TwofoldError } from '../../errors.ts'
import { collectEntries, type CollectedEntries, type EntryCollector } from '../entry-collector.ts'
import type { FormatReader, ImportCredentials } from '../format-reader.ts'
import { hostileParameters, unreadable, unsupportedFormat } from '../import-errors.ts'
import { MAX_KDF_MEMORY_BYTES } from '../import-limits.ts'
import type { ImportSample } from '../import-sample.ts'
import { hasKeePassOtp, keePassOtpEntry } from './keepass-otp.ts'
import { hostOf, platformOfUrl } from './password-manager-item.ts'

// KeePass databases (`.kdbx` 3.1 and 4, as KeePass 2, KeePassXC, KeePassDX and Strongbox write them),
// opened with kdbxweb from a password, a key file, or both. Every entry with a one-time password field
// (keepass-otp.ts) becomes an account: Title is the issuer where the OTP names none, UserName the
// account name, URL picks the platform when it is one Twofold knows, Notes the note, and the group
// path below the database's root group the client (`Clients/Acme` for an entry in Acme inside
// Clients; the root is the database itself, not a client). Entries without an OTP are ordinary logins
// and are skipped, entries in the recycle bin too (they were deleted), as are history versions. The
// Password field is never read.
//
// Key derivation: the outer header is read without any key, and its KDF settings are checked before a
// password is asked for. AES-KDF (KDBX 3.1's only choice, KDBX 4's legacy one) runs its rounds of
// AES; Argon2d/Argon2id (KDBX 4) runs on Node's own Argon2 (libsodium's for one-lane Argon2id where
// Node has none). Caps: at most 100 million AES rounds (KeePassXC's one-second setting on a fast
// machine is tens of millions), Argon2 at most 1 GiB of memory, 64 lanes, 100 passes and 8 GiB·passes
// of memory traffic (KeePassXC benchmarks passes for one second at 64 MiB: tens of them).
//
// Credentials: KeePass cannot tell a wrong password from a missing key file; the composite key just
// does not open the header's HMAC (KDBX 4) or start bytes (3.1). So: nothing given is
// `import-password-required`; a failure with no key file given says the password is wrong or the key
// file is needed, on the key-file field; with a key file given, the password or the key file is wrong.

const KIND = 'KeePass database'

/** The file signature: KeePass's magic number, then KDBX (2.x) or KDB (1.x). */
const MAGIC = [0x03, 0xd9, 0xa2, 0x9a]
const KDBX = [0x67, 0xfb, 0x4b, 0xb5]
const KDB = [0x65, 0xfb, 0x4b, 0xb5]

export const MAX_AES_KDF_ROUNDS = 100_000_000
const MAX_ARGON2_LANES = 64
const MAX_ARGON2_PASSES = 100
const MAX_ARGON2_TRAFFIC_KIB = 8 * 1024 * 1024

function looksLikeKeePass(sample: ImportSample): boolean {
  return (
    sample.startsWith(MAGIC) &&
    (sample.startsWith([...MAGIC, ...KDBX]) || sample.startsWith([...MAGIC, ...KDB]))
  )
}

// ---------------------------------------------------------------------------------------------------
// Argon2 for kdbxweb (it ships none).

type Argon2Type = kdbxweb.CryptoEngine.Argon2Type

/** kdbxweb's Argon2 hook: memory in KiB, the composite key as the password, 32-byte salt. */
export async function kdbxArgon2(
  password: ArrayBuffer,
  salt: ArrayBuffer,
  memory: number,
  iterations: number,
  length: number,
  parallelism: number,
  type: Argon2Type,
  version: kdbxweb.CryptoEngine.Argon2Version,
): Promise<ArrayBuffer> {
  checkArgon2({ memoryKiB: memory, passes: iterations, parallelism })
  if (version !== 0x13) {
    throw unsupportedFormat(`This ${KIND} uses Argon2 version 1.0, which Twofold does not compute.`)
  }
  const message = new Uint8Array(password)
  const nonce = new Uint8Array(salt)
  const { argon2 } = nodeCrypto as Partial<typeof nodeCrypto>
  if (typeof argon2 === 'function') {
    const derived = await new Promise<Buffer>((resolve, reject) => {
      argon2(
        type === kdbxweb.CryptoEngine.Argon2TypeArgon2id ? 'argon2id' : 'argon2d',
        { message, nonce, parallelism, tagLength: length, memory, passes: iterations },
        (error, key) => (error ? reject(hostileParameters(KIND)) : resolve(key)),
      )
    })
    return ownedArrayBuffer(derived)
  }
  if (type === kdbxweb.CryptoEngine.Argon2TypeArgon2id && length === 32) {
    const derived = await deriveArgon2idKey(message, nonce, {
      memoryKiB: memory,
      passes: iterations,
      parallelism,
    })
    if (derived) return ownedArrayBuffer(derived)
  }
  throw unsupportedFormat(`This ${KIND} uses an Argon2 setting this build of Twofold cannot compute.`)
}

function ownedArrayBuffer(derived: Buffer): ArrayBuffer {
  const out = new ArrayBuffer(derived.length)
  new Uint8Array(out).set(derived)
  derived.fill(0)
  return out
}

kdbxweb.CryptoEngine.setArgon2Impl(kdbxArgon2)

// ---------------------------------------------------------------------------------------------------
// The header's KDF settings, read without a key.

interface Argon2Cost {
  memoryKiB: number
  passes: number
  parallelism: number
}

function checkArgon2({ memoryKiB, passes, parallelism }: Argon2Cost): void {
  const whole = (value: number, min: number, max: number) =>
    Number.isSafeInteger(value) && value >= min && value <= max
  if (
    !whole(parallelism, 1, MAX_ARGON2_LANES) ||
    !whole(passes, 1, MAX_ARGON2_PASSES) ||
    !whole(memoryKiB, 8 * parallelism, MAX_KDF_MEMORY_BYTES / 1024) ||
    memoryKiB * passes > MAX_ARGON2_TRAFFIC_KIB
  ) {
    throw hostileParameters(KIND)
  }
}

function checkAesRounds(rounds: number): void {
  if (!Number.isSafeInteger(rounds) || rounds < 1 || rounds > MAX_AES_KDF_ROUNDS)
    throw hostileParameters(KIND)
}

function numberOf(value: unknown): number {
  if (typeof value === 'number') return value
  if (value instanceof kdbxweb.Int64) return value.hi * 2 ** 32 + value.lo
  return Number.NaN
}

function base64Of(value: unknown): string | undefined {
  return value instanceof ArrayBuffer ? Buffer.from(value).toString('base64') : undefined
}

function readHeader(bytes: Uint8Array): kdbxweb.KdbxHeader {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer
  try {
    // The outer header needs no context: only KDBX 4's inner header (after decryption) uses one.
    return kdbxweb.KdbxHeader.read(
      new kdbxweb.BinaryStream(buffer),
      undefined as unknown as kdbxweb.KdbxContext,
    )
  } catch (error) {
    if (error instanceof kdbxweb.KdbxError && error.code === kdbxweb.Consts.ErrorCodes.InvalidVersion) {
      throw unsupportedFormat(`This ${KIND} is of a version Twofold does not read (KDBX 3.1 and 4 are read).`)
    }
    throw unreadable(`This ${KIND} is damaged: its header cannot be read.`)
  }
}

/** Refuses a database whose key derivation would cost more than the caps, before any key is asked. */
export function checkKdbxKdf(bytes: Uint8Array): void {
  const header = readHeader(bytes)
  if (header.versionMajor < 4) {
    checkAesRounds(numberOf(header.keyEncryptionRounds))
    return
  }
  const params = header.kdfParameters
  if (params === undefined) throw unreadable(`This ${KIND} is damaged: it names no key derivation.`)
  const id = base64Of(params.get('$UUID'))
  const { KdfId } = kdbxweb.Consts
  if (id === KdfId.Aes) {
    checkAesRounds(numberOf(params.get('R')))
  } else if (id === KdfId.Argon2d || id === KdfId.Argon2id) {
    const memory = numberOf(params.get('M'))
    checkArgon2({
      memoryKiB: Number.isSafeInteger(memory) ? memory / 1024 : Number.NaN,
      passes: numberOf(params.get('I')),
      parallelism: numberOf(params.get('P')),
    })
  } else {
    throw unsupportedFormat(`This ${KIND} uses a key derivation Twofold does not know.`)
  }
}

// ---------------------------------------------------------------------------------------------------
// Opening it.

function credentialsGiven({ password, keyFile }: ImportCredentials): {
  password?: string
  keyFile?: Uint8Array
} {
  return {
    ...(password !== undefined && password !== '' ? { password } : {}),
    ...(keyFile !== undefined && keyFile.length > 0 ? { keyFile } : {}),
  }
}

function wrongCredentials(keyFileGiven: boolean): TwofoldError {
  return keyFileGiven
    ? new TwofoldError('import-wrong-password', `The password or the key file is wrong for this ${KIND}.`, {
        field: 'password',
      })
    : new TwofoldError(
        'import-wrong-password',
        `This ${KIND} did not open: the password is wrong, or it also needs its key file.`,
        { field: 'keyFile' },
      )
}

async function openDatabase(bytes: Uint8Array, credentials: ImportCredentials): Promise<kdbxweb.Kdbx> {
  if (bytes.length >= 8 && KDB.every((byte, index) => bytes[4 + index] === byte)) {
    throw unsupportedFormat(
      `This is a KeePass 1 database (.kdb). Open it in KeePass 2 or KeePassXC and save it as .kdbx, then import that.`,
    )
  }
  checkKdbxKdf(bytes)
  const { password, keyFile } = credentialsGiven(credentials)
  if (password === undefined && keyFile === undefined) {
    throw new TwofoldError(
      'import-password-required',
      `This ${KIND} is locked: enter its password, choose its key file, or both.`,
      // The key file, not the password, is named: a window that detected the format (rather than the
      // person choosing KeePass) learns from this that a key file may be asked for too.
      { field: 'keyFile' },
    )
  }
  const key = new kdbxweb.Credentials(
    password === undefined ? null : kdbxweb.ProtectedValue.fromString(password),
    keyFile === undefined ? null : Uint8Array.from(keyFile),
  )
  try {
    await key.ready
  } catch {
    throw new TwofoldError('import-unreadable', 'The key file cannot be read.', { field: 'keyFile' })
  }
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer
  try {
    return await kdbxweb.Kdbx.load(buffer, key)
  } catch (error) {
    if (error instanceof TwofoldError) throw error
    if (error instanceof kdbxweb.KdbxError) {
      if (error.code === kdbxweb.Consts.ErrorCodes.InvalidKey) throw wrongCredentials(keyFile !== undefined)
      if (error.code === kdbxweb.Consts.ErrorCodes.Unsupported) {
        throw unsupportedFormat(`This ${KIND} uses a setting Twofold does not read.`)
      }
    }
    throw unreadable(`This ${KIND} is damaged: it cannot be decrypted or read.`)
  }
}

function textOf(value: kdbxweb.KdbxEntryField | undefined): string | undefined {
  if (value === undefined) return undefined
  return value instanceof kdbxweb.ProtectedValue ? value.getText() : value
}

function readEntries(database: kdbxweb.Kdbx, collector: EntryCollector): void {
  const recycleBin = database.meta.recycleBinEnabled === false ? undefined : database.meta.recycleBinUuid
  let position = 0
  const visit = (group: kdbxweb.KdbxGroup, path: string[]): void => {
    if (recycleBin !== undefined && group.uuid.equals(recycleBin)) return
    for (const entry of group.entries) {
      position++
      // Only named fields are looked up, and never "Password".
      const field = (name: string) => textOf(entry.fields.get(name))
      if (!hasKeePassOtp(field)) continue
      const title = field('Title')
      const url = field('URL')
      collector.add(
        title ?? '',
        () => {
          const imported = keePassOtpEntry(field, {
            issuer: title?.trim() ? title : hostOf(url),
            accountName: field('UserName'),
            group: path.length === 0 ? undefined : path.join('/'),
            note: field('Notes'),
          })
          const platform = platformOfUrl(url)
          return platform === undefined ? imported : { ...imported, platform }
        },
        position,
      )
    }
    for (const child of group.groups) visit(child, [...path, child.name ?? ''])
  }
  const root = database.getDefaultGroup()
  visit(root, [])
}

export async function readKeePass(
  bytes: Uint8Array,
  credentials: ImportCredentials,
): Promise<CollectedEntries> {
  const database = await openDatabase(bytes, credentials)
  return collectEntries((collector) => readEntries(database, collector))
}

export const keePassFormat: FormatReader = {
  // kdbxweb inflates the database and runs AES-KDF rounds itself, unbounded: read on a bounded worker.
  isolated: (bytes) => [...MAGIC, ...KDBX].every((byte, index) => bytes[index] === byte),
  detect: looksLikeKeePass,
  read: (bytes, credentials) => readKeePass(bytes, credentials),
}
