import { describe, expect, it } from 'vitest'
import { generateDeviceKeys } from '../../../../electron/core/team/crypto/device-keys.ts'
import { deviceFingerprint } from '../../../../electron/core/team/crypto/fingerprint.ts'
import { refusal } from './refusals.ts'

/** Checked by hand: SHA-256 of the label and the keys, in 5-byte groups modulo 100000. */
const PINNED = '15332 79541 78782 77990'

describe('device fingerprint', () => {
  it('is four groups of five digits, the same on every machine for the same keys', () => {
    // Pinned: two Twofolds (and two releases) must show the same digits for the same keys.
    expect(deviceFingerprint(Buffer.alloc(32, 1), Buffer.alloc(32, 2))).toBe(PINNED)
    const { agreement, signing } = generateDeviceKeys()
    const fingerprint = deviceFingerprint(agreement.publicKey, signing.publicKey)
    expect(fingerprint).toMatch(/^\d{5} \d{5} \d{5} \d{5}$/)
    expect(deviceFingerprint(Buffer.from(agreement.publicKey), Buffer.from(signing.publicKey))).toBe(
      fingerprint,
    )
  })

  it('changes when either key changes or the two trade places', () => {
    const one = Buffer.alloc(32, 1)
    const two = Buffer.alloc(32, 2)
    const other = Buffer.alloc(32, 1)
    other[31] = 0
    const base = deviceFingerprint(one, two)
    expect(deviceFingerprint(other, two)).not.toBe(base)
    expect(deviceFingerprint(one, other)).not.toBe(base)
    expect(deviceFingerprint(two, one)).not.toBe(base)
  })

  it('refuses keys of the wrong length', async () => {
    await refusal(() => deviceFingerprint(Buffer.alloc(31), Buffer.alloc(32)), 'invalid-request')
  })
})
