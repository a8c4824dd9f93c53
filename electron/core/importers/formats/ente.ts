import type { CollectedEntries } from '../entry-collector.ts'
import { passwordRequired, unreadable, unsupportedFormat, wrongPassword } from '../import-errors.ts'
import { checkArgon2Parameters, deriveArgon2id, type Argon2Parameters } from '../import-crypto.ts'
import {
  field,
  isJsonObject,
  readJsonObjectFile,
  requiredNumber,
  requiredObject,
  requiredString,
} from '../import-json.ts'
import { decodeBase64 } from '../import-text.ts'
import { readUriLines } from './uri-lines.ts'
import type { FormatReader } from '../format-reader.ts'

// Ente Auth's encrypted export: `{version, kdfParams: {memLimit, opsLimit, salt}, encryptedData,
// encryptionNonce}`. The key is libsodium's crypto_pwhash (Argon2id v1.3, one lane; memLimit in
// bytes, opsLimit as passes), computed here with Node's own Argon2; the data is one
// XChaCha20-Poly1305 secretstream message whose header is `encryptionNonce`. Inside: one otpauth://
// link per line, the same text as Ente's plain export (which the otpauth-list reader takes).
// That one message carries the stream tag FINAL, or MESSAGE (0): Ente Auth's own exports may close
// with MESSAGE, and Ente's CLI decrypts both for Auth data (`decryptChaCha20poly1305V2`). A PUSH or
// REKEY tag means a stream of several messages, which Ente never writes: refused. Bytes after the
// message cannot be told from the message itself (secretstream carries no length), so they fail
// its authentication and are refused as a wrong password or a damaged file.

const KIND = 'Ente Auth export'
const STREAM_HEADER_BYTES = 24
/** Poly1305 tag plus the one-byte stream tag. */
const STREAM_OVERHEAD_BYTES = 17
const MIN_SALT_BYTES = 8
const MAX_SALT_BYTES = 64

export function looksLikeEnte(json: unknown): boolean {
  return (
    isJsonObject(json) &&
    isJsonObject(field(json, 'kdfParams')) &&
    typeof field(json, 'encryptedData') === 'string'
  )
}

export async function readEnte(bytes: Uint8Array, password: string | undefined): Promise<CollectedEntries> {
  const file = readJsonObjectFile(bytes, KIND)
  const version = requiredNumber(file, 'version', 'The export version')
  if (version !== 1)
    throw unsupportedFormat(`This Ente Auth export has version ${version}, which Twofold does not read.`)
  const kdf = requiredObject(file, 'kdfParams', 'The key settings')
  const memLimit = requiredNumber(kdf, 'memLimit', 'The memory limit')
  const argon2: Argon2Parameters = {
    memoryKiB: Number.isSafeInteger(memLimit) && memLimit > 0 ? Math.floor(memLimit / 1024) : -1,
    passes: requiredNumber(kdf, 'opsLimit', 'The operations limit'),
    parallelism: 1,
  }
  checkArgon2Parameters(argon2, KIND)
  const salt = decodeBase64(requiredString(kdf, 'salt', 'The salt'), 'The salt')
  if (salt.length < MIN_SALT_BYTES || salt.length > MAX_SALT_BYTES) {
    throw unreadable(`This ${KIND} is damaged: its salt has an impossible length.`)
  }
  const header = decodeBase64(requiredString(file, 'encryptionNonce', 'The nonce'), 'The nonce')
  const ciphertext = decodeBase64(
    requiredString(file, 'encryptedData', 'The encrypted data'),
    'The encrypted data',
  )
  if (header.length !== STREAM_HEADER_BYTES || ciphertext.length < STREAM_OVERHEAD_BYTES) {
    throw unreadable(`This ${KIND} is damaged: its encrypted data is malformed.`)
  }
  if (password === undefined || password === '') throw passwordRequired(KIND)

  const key = await deriveArgon2id(password, salt, argon2, KIND)
  let plaintext: Uint8Array
  try {
    plaintext = await openSecretStream(key, header, ciphertext)
  } finally {
    key.fill(0)
  }
  try {
    return readUriLines(plaintext, KIND)
  } finally {
    plaintext.fill(0)
  }
}

/** One secretstream message tagged MESSAGE or FINAL; anything else (a wrong key, a cut-off or
 * multi-message stream) is refused. */
async function openSecretStream(
  key: Uint8Array,
  header: Uint8Array,
  ciphertext: Uint8Array,
): Promise<Uint8Array> {
  // Loaded on first use: libsodium is a WebAssembly build that costs noticeable start-up time.
  const { default: sodium } = await import('libsodium-wrappers-sumo')
  await sodium.ready
  let opened: { message: Uint8Array; tag: number } | false
  try {
    const state = sodium.crypto_secretstream_xchacha20poly1305_init_pull(header, key)
    opened = sodium.crypto_secretstream_xchacha20poly1305_pull(state, ciphertext, null)
  } catch {
    throw wrongPassword(KIND, true)
  }
  if (opened === false) throw wrongPassword(KIND, true)
  if (
    opened.tag !== sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL &&
    opened.tag !== sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE
  ) {
    opened.message.fill(0)
    throw unreadable(
      `This ${KIND} is incomplete: its encrypted data is not the single message Ente writes (cut short, or one part of a longer stream).`,
    )
  }
  return opened.message
}

export const enteFormat: FormatReader = {
  detect: (sample) =>
    looksLikeEnte(sample.json) || (sample.isBrokenJson && /"kdfParams"\s*:/.test(sample.text ?? '')),
  read: (bytes, { password }) => readEnte(bytes, password),
}
