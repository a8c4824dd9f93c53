import { type CipherSuite } from '@hpke/core'
import { type webcrypto } from 'node:crypto'

/**
 * @hpke's declarations name the DOM's global CryptoKey type, which the Node programs do not load; Node's
 * own WebCrypto type is the same thing under another name.
 */
type HpkeKey = webcrypto.CryptoKey

/** An X25519 encapsulated key (the sender's ephemeral public key) is 32 bytes. */
export const ENC_BYTES = 32

/**
 * One HPKE base-mode message (RFC 9180 single-shot): enc || ciphertext. The suite is a parameter so the
 * RFC's published vectors, made with another AEAD, check the same key handling and layout.
 */
export async function hpkeSealSingleShot(
  suite: CipherSuite,
  recipientPublicKey: Uint8Array,
  plaintext: Uint8Array,
  info: Uint8Array,
  associatedData: Uint8Array,
): Promise<Buffer> {
  const recipient = (await suite.kem.deserializePublicKey(recipientPublicKey)) as HpkeKey
  const { enc, ct } = await suite.seal({ recipientPublicKey: recipient, info }, plaintext, associatedData)
  return Buffer.concat([new Uint8Array(enc), new Uint8Array(ct)])
}

/** The plaintext, or undefined when the message does not open with this key, info and associated data. */
export async function hpkeOpenSingleShot(
  suite: CipherSuite,
  recipientPrivateKey: Uint8Array,
  sealed: Uint8Array,
  info: Uint8Array,
  associatedData: Uint8Array,
): Promise<Buffer | undefined> {
  if (sealed.length <= ENC_BYTES) return undefined
  try {
    const recipientKey = (await suite.kem.deserializePrivateKey(recipientPrivateKey)) as HpkeKey
    const plaintext = await suite.open(
      { recipientKey, enc: sealed.subarray(0, ENC_BYTES), info },
      sealed.subarray(ENC_BYTES),
      associatedData,
    )
    return Buffer.from(plaintext)
  } catch {
    // Every failure of the library (a bad point, a bad tag) means the same thing to the caller.
    return undefined
  }
}
