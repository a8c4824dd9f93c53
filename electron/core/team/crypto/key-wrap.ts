import { Aes256Gcm, CipherSuite, HkdfSha256 } from '@hpke/core'
import { DhkemX25519HkdfSha256 } from '@hpke/dhkem-x25519'
import { TwofoldError } from '../../errors.ts'
import { copySecret, wipe } from '../../crypto/secret-bytes.ts'
import { canonicalEncoding } from './canonical-encoding.ts'
import { CLIENT_KEY_BYTES } from './client-key.ts'
import { DEVICE_KEY_BYTES } from './device-keys.ts'
import { ENC_BYTES, hpkeOpenSingleShot, hpkeSealSingleShot } from './hpke-single-shot.ts'

/** Which device a wrapped client key is for: a wrapped key copied to another device, client or version fails. */
export interface WrapPlace {
  teamId: string
  clientId: string
  deviceId: string
  keyVersion: number
}

const GCM_TAG_BYTES = 16
export const WRAPPED_CLIENT_KEY_BYTES = ENC_BYTES + CLIENT_KEY_BYTES + GCM_TAG_BYTES

const WRAP_INFO = Buffer.from('twofold-client-key-v1', 'utf8')

/** RFC 9180: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM, base mode. */
const wrapSuite = new CipherSuite({
  kem: new DhkemX25519HkdfSha256(),
  kdf: new HkdfSha256(),
  aead: new Aes256Gcm(),
})

export function wrapAssociatedData(place: WrapPlace): Buffer {
  return canonicalEncoding([
    'twofold-wrap-v1',
    place.teamId,
    place.clientId,
    place.deviceId,
    place.keyVersion,
  ])
}

/** The client key sealed to one device's agreement key: enc (32) || ciphertext and tag (48). */
export async function wrapClientKey(
  recipientAgreementPublicKey: Uint8Array,
  clientKey: Uint8Array,
  place: WrapPlace,
): Promise<Buffer> {
  if (clientKey.length !== CLIENT_KEY_BYTES) {
    throw new TwofoldError('internal', 'A client key has the wrong length.')
  }
  if (recipientAgreementPublicKey.length !== DEVICE_KEY_BYTES) {
    throw new TwofoldError(
      'invalid-request',
      `Device ${place.deviceId} has an agreement key of the wrong length.`,
    )
  }
  try {
    return await hpkeSealSingleShot(
      wrapSuite,
      recipientAgreementPublicKey,
      clientKey,
      WRAP_INFO,
      wrapAssociatedData(place),
    )
  } catch {
    // X25519 refuses a low-order point: such a key could never be a real device's.
    throw new TwofoldError(
      'invalid-request',
      `Device ${place.deviceId} has an agreement key that is not usable.`,
    )
  }
}

/** The client key (wipe it after use), or `vault-tampered` when the wrapped key was altered, moved or not for this device. */
export async function unwrapClientKey(
  agreementPrivateKey: Uint8Array,
  wrapped: Uint8Array,
  place: WrapPlace,
): Promise<Buffer> {
  const opened =
    wrapped.length === WRAPPED_CLIENT_KEY_BYTES
      ? await hpkeOpenSingleShot(
          wrapSuite,
          agreementPrivateKey,
          wrapped,
          WRAP_INFO,
          wrapAssociatedData(place),
        )
      : undefined
  if (opened?.length !== CLIENT_KEY_BYTES) {
    wipe(opened)
    throw new TwofoldError(
      'vault-tampered',
      `The key of team client ${place.clientId} (version ${place.keyVersion}) wrapped for this device failed its integrity check, so Twofold refused to use it.`,
    )
  }
  const clientKey = copySecret(opened)
  wipe(opened)
  return clientKey
}
