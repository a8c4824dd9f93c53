import {
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  type KeyObject,
} from 'node:crypto'
import { KEY_BYTES, open, seal, type CiphertextPlace } from './aead.ts'
import { wipe } from './secret-bytes.ts'

/**
 * The recovery key as an X25519 key pair: its private half is derived from the recovery key (through
 * scrypt, in the slot), its public half is stored in the vault. A new vault key is wrapped to the
 * public half, so a password change can replace the vault key while the recovery key on paper stays
 * the same — and nothing that opens the slot is ever stored next to it.
 */
export const X25519_KEY_BYTES = 32
const PKCS8_X25519_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex')
const SPKI_X25519_PREFIX = Buffer.from('302a300506032b656e032100', 'hex')
const WRAP_INFO = 'twofold/recovery-slot/v2'

function privateKeyFromSeed(seed: Uint8Array): KeyObject {
  const der = Buffer.concat([PKCS8_X25519_PREFIX, seed])
  try {
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' })
  } finally {
    wipe(der)
  }
}

function publicKeyObject(raw: Uint8Array): KeyObject {
  return createPublicKey({ key: Buffer.concat([SPKI_X25519_PREFIX, raw]), format: 'der', type: 'spki' })
}

function rawPublicKey(key: KeyObject): Buffer {
  const der = (key.type === 'public' ? key : createPublicKey(key)).export({ format: 'der', type: 'spki' })
  return Buffer.from(der.subarray(der.length - X25519_KEY_BYTES))
}

/** The public half of the key pair a 32-byte seed (derived from the recovery key) gives. */
export function recipientPublicKey(seed: Uint8Array): Buffer {
  return rawPublicKey(privateKeyFromSeed(seed))
}

function wrappingKey(shared: Buffer, ephemeral: Uint8Array, recipient: Uint8Array): Buffer {
  try {
    return Buffer.from(
      hkdfSync('sha256', shared, Buffer.concat([ephemeral, recipient]), WRAP_INFO, KEY_BYTES),
    )
  } finally {
    wipe(shared)
  }
}

/** Wraps `vaultKey` to the recipient's public key with a fresh ephemeral key pair. */
export function wrapToRecipient(
  recipient: Uint8Array,
  vaultKey: Uint8Array,
  place: CiphertextPlace,
): { ephemeralKey: Buffer; wrappedKey: Buffer } {
  const ephemeral = generateKeyPairSync('x25519')
  const ephemeralKey = rawPublicKey(ephemeral.publicKey)
  const key = wrappingKey(
    diffieHellman({ privateKey: ephemeral.privateKey, publicKey: publicKeyObject(recipient) }),
    ephemeralKey,
    recipient,
  )
  try {
    return { ephemeralKey, wrappedKey: seal(key, place, vaultKey) }
  } finally {
    wipe(key)
  }
}

/** Opens what `wrapToRecipient` made, with the seed; throws `vault-tampered` when it does not open. */
export function unwrapWithSeed(
  seed: Uint8Array,
  recipient: Uint8Array,
  ephemeralKey: Uint8Array,
  wrappedKey: Uint8Array,
  place: CiphertextPlace,
): Buffer {
  const key = wrappingKey(
    diffieHellman({ privateKey: privateKeyFromSeed(seed), publicKey: publicKeyObject(ephemeralKey) }),
    ephemeralKey,
    recipient,
  )
  try {
    return open(key, place, wrappedKey)
  } finally {
    wipe(key)
  }
}
