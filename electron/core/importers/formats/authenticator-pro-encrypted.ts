import { isTwofoldError } from '../../errors.ts'
import { passwordRequired, unreadable, wrongPassword } from '../import-errors.ts'
import {
  checkArgon2Parameters,
  checkPbkdf2Iterations,
  deriveArgon2id,
  derivePbkdf2,
  openAesCbc,
  openAesGcm,
  type Argon2Parameters,
} from '../import-crypto.ts'

// Authenticator Pro's (now Stratum's) password-protected backups. Two layouts, each told by a
// 16-byte ASCII marker at the very start (layouts learned from Stratum's own
// StrongBackupEncryption.cs and LegacyBackupEncryption.cs, and Aegis's StratumImporter):
//
// - `AUTHENTICATORPRO` (current): salt (16) ‖ nonce (12) ‖ AES-256-GCM ciphertext ‖ tag (16). Key:
//   Argon2id v1.3 over the UTF-8 password, 64 MiB, 3 passes, 4 lanes, 32 bytes.
// - `AuthenticatorPro` (legacy): salt (20) ‖ IV (16) ‖ AES-256-CBC ciphertext, PKCS#7 padding. Key:
//   PBKDF2-HMAC-SHA1 over the UTF-8 password, 64,000 iterations, 32 bytes.
//
// Inside either: the same JSON as the plain backup. The key settings are fixed by the format, not
// written in the file, so a file cannot ask for hostile ones; they are still put through the same
// caps as every other format's before a password is asked for, so a change here cannot slip past.
// Neither layout has a password check of its own: a failed GCM tag, bad CBC padding, or (CBC only,
// where a wrong key passes the padding about once in 256 tries) plaintext that is not a backup all
// say "wrong password, or damaged".

const KIND = 'Authenticator Pro backup'
const MARKER_BYTES = 16
const STRONG_MARKER = 'AUTHENTICATORPRO'
const LEGACY_MARKER = 'AuthenticatorPro'

const STRONG_SALT_BYTES = 16
const STRONG_NONCE_BYTES = 12
const GCM_TAG_BYTES = 16
const STRONG_ARGON2: Argon2Parameters = { memoryKiB: 64 * 1024, passes: 3, parallelism: 4 }

const LEGACY_SALT_BYTES = 20
const LEGACY_IV_BYTES = 16
const LEGACY_PBKDF2_ITERATIONS = 64_000
const AES_BLOCK_BYTES = 16

type Layout = 'strong' | 'legacy'

export function encryptedAuthenticatorProLayout(bytes: Uint8Array): Layout | null {
  if (bytes.length < MARKER_BYTES) return null
  const marker = Buffer.from(bytes.subarray(0, MARKER_BYTES)).toString('latin1')
  if (marker === STRONG_MARKER) return 'strong'
  if (marker === LEGACY_MARKER) return 'legacy'
  return null
}

/**
 * Decrypts an encrypted backup and hands its plaintext (the JSON backup) to `read`, wiping it after.
 * `read` throwing a typed error about the file itself, for the legacy layout, means the key was wrong.
 */
export async function readEncryptedAuthenticatorPro<T>(
  bytes: Uint8Array,
  password: string | undefined,
  read: (plaintext: Uint8Array) => T,
): Promise<T> {
  const layout = encryptedAuthenticatorProLayout(bytes)
  if (layout === null) throw unreadable(`This ${KIND} has no encryption marker.`)
  const body = bytes.subarray(MARKER_BYTES)
  if (layout === 'strong') {
    checkArgon2Parameters(STRONG_ARGON2, KIND)
    if (body.length < STRONG_SALT_BYTES + STRONG_NONCE_BYTES + GCM_TAG_BYTES) throw damaged()
    if (password === undefined || password === '') throw passwordRequired(KIND)
    const salt = body.subarray(0, STRONG_SALT_BYTES)
    const nonce = body.subarray(STRONG_SALT_BYTES, STRONG_SALT_BYTES + STRONG_NONCE_BYTES)
    const sealed = body.subarray(STRONG_SALT_BYTES + STRONG_NONCE_BYTES)
    const key = await deriveArgon2id(password, salt, STRONG_ARGON2, KIND)
    let plaintext: Buffer | null
    try {
      plaintext = openAesGcm(
        key,
        nonce,
        sealed.subarray(0, sealed.length - GCM_TAG_BYTES),
        sealed.subarray(sealed.length - GCM_TAG_BYTES),
      )
    } finally {
      key.fill(0)
    }
    if (plaintext === null) throw wrongPassword(KIND, true)
    try {
      // Authenticated: a right password on a broken backup is the reader's own typed error.
      return read(plaintext)
    } finally {
      plaintext.fill(0)
    }
  }

  checkPbkdf2Iterations(LEGACY_PBKDF2_ITERATIONS, KIND)
  const ciphertextBytes = body.length - LEGACY_SALT_BYTES - LEGACY_IV_BYTES
  if (ciphertextBytes < AES_BLOCK_BYTES || ciphertextBytes % AES_BLOCK_BYTES !== 0) throw damaged()
  if (password === undefined || password === '') throw passwordRequired(KIND)
  const salt = body.subarray(0, LEGACY_SALT_BYTES)
  const iv = body.subarray(LEGACY_SALT_BYTES, LEGACY_SALT_BYTES + LEGACY_IV_BYTES)
  const key = await derivePbkdf2(password, salt, LEGACY_PBKDF2_ITERATIONS, 'sha1', KIND)
  let plaintext: Buffer | null
  try {
    plaintext = openAesCbc(key, iv, body.subarray(LEGACY_SALT_BYTES + LEGACY_IV_BYTES))
  } finally {
    key.fill(0)
  }
  if (plaintext === null) throw wrongPassword(KIND, true)
  try {
    return read(plaintext)
  } catch (error) {
    // Unauthenticated: padding that happens to look right over garbage is no proof of the password.
    if (isTwofoldError(error, 'import-unreadable')) throw wrongPassword(KIND, true)
    throw error
  } finally {
    plaintext.fill(0)
  }
}

function damaged() {
  return unreadable(`This ${KIND} is damaged: its encrypted data is cut short or malformed.`)
}
