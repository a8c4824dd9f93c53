import { sign, verify } from 'node:crypto'
import { toBase64url } from './base64url.ts'
import { canonicalEncoding } from './canonical-encoding.ts'
import { importSigningPrivateKey, importSigningPublicKey } from './device-keys.ts'
import type { WrapPlace } from './key-wrap.ts'

/**
 * HPKE base mode says nothing about who sealed a wrapped key: anyone with the recipient's public key
 * (the server included) can seal a key of its own choosing to it. The wrapping device therefore signs
 * the wrapped bytes with its certified signing key, and the receiving device takes a key only from a
 * device it trusts to hold that client.
 */
export interface SignedWrap extends WrapPlace {
  /** The device whose signing key made the signature. */
  signerDeviceId: string
  /** The wrapped client key as stored (enc || ciphertext and tag). */
  wrapped: Uint8Array
}

const SIGNATURE_BYTES = 64

export function wrapSignatureBytes(wrap: SignedWrap): Buffer {
  return canonicalEncoding([
    'twofold-wrap-signature-v1',
    wrap.teamId,
    wrap.clientId,
    wrap.deviceId,
    wrap.keyVersion,
    wrap.signerDeviceId,
    toBase64url(wrap.wrapped),
  ])
}

/** The 64-byte Ed25519 signature of the wrapping device over the wrapped key and where it belongs. */
export function signWrappedKey(signingPrivateKey: Uint8Array, wrap: SignedWrap): Buffer {
  return sign(null, wrapSignatureBytes(wrap), importSigningPrivateKey(signingPrivateKey))
}

export function verifyWrappedKeySignature(
  signerPublicKey: Uint8Array,
  wrap: SignedWrap,
  signature: Uint8Array,
): boolean {
  if (signature.length !== SIGNATURE_BYTES) return false
  try {
    return verify(null, wrapSignatureBytes(wrap), importSigningPublicKey(signerPublicKey), signature)
  } catch {
    return false
  }
}
