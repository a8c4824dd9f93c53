import { createHash } from 'node:crypto'
import { TwofoldError } from '../../errors.ts'
import { DEVICE_KEY_BYTES } from './device-keys.ts'

const GROUPS = 4
const GROUP_BYTES = 5
const GROUP_MODULUS = 100_000

/**
 * Twenty digits two people can read to each other to check that both Twofolds see the same device keys.
 * Each group of 5 digits is 5 bytes of SHA-256("twofold-fingerprint-v1" || agreementKey || signingKey)
 * read as a 40-bit number modulo 100000 (the bias of 2^40 mod 10^5 is below one in ten million).
 * Both keys have a fixed length, so plain concatenation is unambiguous.
 */
export function deviceFingerprint(agreementKey: Uint8Array, signingKey: Uint8Array): string {
  if (agreementKey.length !== DEVICE_KEY_BYTES || signingKey.length !== DEVICE_KEY_BYTES) {
    throw new TwofoldError('invalid-request', "A device's public keys should be 32 bytes each.")
  }
  const digest = createHash('sha256')
    .update('twofold-fingerprint-v1', 'utf8')
    .update(agreementKey)
    .update(signingKey)
    .digest()
  const groups: string[] = []
  for (let group = 0; group < GROUPS; group++) {
    const value = digest.readUIntBE(group * GROUP_BYTES, GROUP_BYTES) % GROUP_MODULUS
    groups.push(String(value).padStart(5, '0'))
  }
  return groups.join(' ')
}
