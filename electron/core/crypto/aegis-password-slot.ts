import { createCipheriv, randomBytes, randomUUID } from 'node:crypto'
import { DEFAULT_SCRYPT, deriveKeyFromPassword, SALT_BYTES } from './password-kdf.ts'
import { wipe } from './secret-bytes.ts'

/**
 * An Aegis password slot, ready to place in a vault file's header: the file's master key wrapped under
 * scrypt(N=2^15, r=8, p=1) of a password. It lives beside the other key wrapping rather than with the
 * export writer because the vault prepares backup slots whenever its password or recovery key is known.
 */
export interface AegisPasswordSlot {
  type: 1
  uuid: string
  key: string
  key_params: { nonce: string; tag: string }
  n: number
  r: number
  p: number
  salt: string
  repaired: true
}

export async function aegisPasswordSlot(
  masterKey: Uint8Array,
  password: Uint8Array,
): Promise<AegisPasswordSlot> {
  const salt = randomBytes(SALT_BYTES)
  const wrappingKey = await deriveKeyFromPassword(password, salt, DEFAULT_SCRYPT)
  try {
    const { ciphertext, nonce, tag } = aegisGcm(wrappingKey, masterKey)
    return {
      type: 1,
      uuid: randomUUID(),
      key: ciphertext.toString('hex'),
      key_params: { nonce: nonce.toString('hex'), tag: tag.toString('hex') },
      n: DEFAULT_SCRYPT.n,
      r: DEFAULT_SCRYPT.r,
      p: DEFAULT_SCRYPT.p,
      salt: salt.toString('hex'),
      // Aegis marks slots made with its fixed KDF parameters this way; without it, it "repairs" them.
      repaired: true,
    }
  } finally {
    wipe(wrappingKey)
  }
}

/** AES-256-GCM with a random 96-bit nonce, the tag kept apart: how Aegis seals slots and databases. */
export function aegisGcm(
  key: Uint8Array,
  plaintext: Uint8Array,
): { ciphertext: Buffer; nonce: Buffer; tag: Buffer } {
  const nonce = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', key, nonce)
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()])
  return { ciphertext, nonce, tag: cipher.getAuthTag() }
}
