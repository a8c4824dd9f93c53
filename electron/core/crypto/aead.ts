import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { TwofoldError } from '../errors.ts'
import { withoutKeyCheckTraces } from './key-check-traces.ts'
import { allocSecret } from './secret-bytes.ts'

/**
 * AES-256-GCM with a fresh 96-bit nonce per seal. The associated data names where the ciphertext
 * belongs (table, row, column), so a ciphertext copied to another row or column fails to open even
 * though it is authentic.
 *
 * Layout: version (1 byte) | nonce (12) | ciphertext | tag (16).
 */
const FORMAT_VERSION = 1
const NONCE_BYTES = 12
const TAG_BYTES = 16
export const KEY_BYTES = 32

export interface CiphertextPlace {
  table: string
  row: string | number
  column: string
}

export function associatedData(place: CiphertextPlace): Buffer {
  return Buffer.from(`twofold/v${FORMAT_VERSION}|${place.table}|${String(place.row)}|${place.column}`, 'utf8')
}

export function seal(key: Uint8Array, place: CiphertextPlace, plaintext: Uint8Array): Buffer {
  assertKey(key)
  const nonce = randomBytes(NONCE_BYTES)
  const cipher = withoutKeyCheckTraces(() =>
    createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES }),
  )
  cipher.setAAD(associatedData(place))
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()])
  return Buffer.concat([Buffer.of(FORMAT_VERSION), nonce, body, cipher.getAuthTag()])
}

/**
 * Returns the plaintext in a buffer of its own (safe to wipe), or throws `vault-tampered` when the
 * ciphertext, nonce, tag or place does not match. Callers that open with a key derived from a
 * password turn that into "wrong password": GCM cannot tell the two apart, and neither should we.
 */
export function open(key: Uint8Array, place: CiphertextPlace, sealed: Uint8Array): Buffer {
  assertKey(key)
  if (sealed.length < 1 + NONCE_BYTES + TAG_BYTES || sealed[0] !== FORMAT_VERSION) {
    throw tampered(place)
  }
  const nonce = sealed.subarray(1, 1 + NONCE_BYTES)
  const tag = sealed.subarray(sealed.length - TAG_BYTES)
  const body = sealed.subarray(1 + NONCE_BYTES, sealed.length - TAG_BYTES)
  const decipher = withoutKeyCheckTraces(() =>
    createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES }),
  )
  decipher.setAAD(associatedData(place))
  decipher.setAuthTag(tag)
  const plaintext = allocSecret(body.length)
  try {
    const head = decipher.update(body)
    head.copy(plaintext)
    head.fill(0)
    decipher.final()
  } catch {
    plaintext.fill(0)
    throw tampered(place)
  }
  return plaintext
}

/** Whether the bytes have the layout `seal` gives a 32-byte key; says nothing of their authenticity. */
export function isSealedKey(sealed: Uint8Array): boolean {
  return sealed.length === 1 + NONCE_BYTES + KEY_BYTES + TAG_BYTES && sealed[0] === FORMAT_VERSION
}

function tampered(place: CiphertextPlace): TwofoldError {
  return new TwofoldError(
    'vault-tampered',
    `The encrypted ${place.column} in ${place.table} ${String(place.row)} failed its integrity check: it was damaged or altered, so Twofold refused to use it.`,
  )
}

function assertKey(key: Uint8Array): void {
  if (key.length !== KEY_BYTES) throw new TwofoldError('internal', 'An encryption key has the wrong length.')
}
