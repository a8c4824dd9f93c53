import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { TwofoldError } from '../../errors.ts'
import { withoutKeyCheckTraces } from '../../crypto/key-check-traces.ts'
import { allocSecret } from '../../crypto/secret-bytes.ts'

/**
 * AES-256-GCM with a fresh 96-bit nonce per seal, laid out as the vault's own columns are:
 * version (0x01) | nonce (12) | ciphertext | tag (16). The associated data says where the value belongs;
 * the callers build it with the canonical encoding.
 */
const FORMAT_VERSION = 1
const NONCE_BYTES = 12
const TAG_BYTES = 16
const KEY_BYTES = 32
export const SEAL_OVERHEAD = 1 + NONCE_BYTES + TAG_BYTES

export function sealWithAad(key: Uint8Array, associatedData: Uint8Array, plaintext: Uint8Array): Buffer {
  assertKey(key)
  const nonce = randomBytes(NONCE_BYTES)
  const cipher = withoutKeyCheckTraces(() =>
    createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES }),
  )
  cipher.setAAD(associatedData)
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()])
  return Buffer.concat([Buffer.of(FORMAT_VERSION), nonce, body, cipher.getAuthTag()])
}

/**
 * The plaintext in a buffer of its own (safe to wipe), or undefined when the layout, nonce, body, tag,
 * key or associated data does not match: GCM cannot tell these apart, so the caller says which value
 * failed, never why.
 */
export function openWithAad(
  key: Uint8Array,
  associatedData: Uint8Array,
  sealed: Uint8Array,
): Buffer | undefined {
  assertKey(key)
  if (sealed.length < SEAL_OVERHEAD || sealed[0] !== FORMAT_VERSION) return undefined
  const nonce = sealed.subarray(1, 1 + NONCE_BYTES)
  const tag = sealed.subarray(sealed.length - TAG_BYTES)
  const body = sealed.subarray(1 + NONCE_BYTES, sealed.length - TAG_BYTES)
  const decipher = withoutKeyCheckTraces(() =>
    createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES }),
  )
  decipher.setAAD(associatedData)
  decipher.setAuthTag(tag)
  const plaintext = allocSecret(body.length)
  try {
    const head = decipher.update(body)
    head.copy(plaintext)
    head.fill(0)
    decipher.final()
  } catch {
    plaintext.fill(0)
    return undefined
  }
  return plaintext
}

function assertKey(key: Uint8Array): void {
  if (key.length !== KEY_BYTES) throw new TwofoldError('internal', 'A client key has the wrong length.')
}
