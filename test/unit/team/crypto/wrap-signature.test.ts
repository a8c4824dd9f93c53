import { describe, expect, it } from 'vitest'
import { newClientKey } from '../../../../electron/core/team/crypto/client-key.ts'
import { generateDeviceKeys } from '../../../../electron/core/team/crypto/device-keys.ts'
import { wrapClientKey } from '../../../../electron/core/team/crypto/key-wrap.ts'
import {
  signWrappedKey,
  verifyWrappedKeySignature,
  type SignedWrap,
} from '../../../../electron/core/team/crypto/wrap-signature.ts'

const signer = generateDeviceKeys()
const recipient = generateDeviceKeys()
const place = {
  teamId: '6f1c1f4e-4bb0-4c43-9d0e-5d5a1c2b7a10',
  clientId: '0b7f2d55-7d4e-4a39-8f0a-3a2f1d9c8e21',
  deviceId: '9a8b7c6d-5e4f-4a3b-9c1d-0e2f3a4b5c6d',
  keyVersion: 3,
}
const wrap: SignedWrap = {
  ...place,
  signerDeviceId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
  wrapped: await wrapClientKey(recipient.agreement.publicKey, newClientKey(), place),
}
const signature = signWrappedKey(signer.signing.privateKey, wrap)

describe('wrapped key signatures', () => {
  it('verify for the wrap that was signed, under the signing device key', () => {
    expect(signature).toHaveLength(64)
    expect(verifyWrappedKeySignature(signer.signing.publicKey, wrap, signature)).toBe(true)
  })

  const changed: [string, Partial<SignedWrap>][] = [
    ['another team', { teamId: '6f1c1f4e-4bb0-4c43-9d0e-5d5a1c2b7a11' }],
    ['another client', { clientId: '0b7f2d55-7d4e-4a39-8f0a-3a2f1d9c8e22' }],
    ['another receiving device', { deviceId: '9a8b7c6d-5e4f-4a3b-9c1d-0e2f3a4b5c6e' }],
    ['another key version', { keyVersion: 4 }],
    ['another signer', { signerDeviceId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e50' }],
    ['other wrapped bytes', { wrapped: Buffer.from(wrap.wrapped).fill(7, 40, 41) }],
  ]
  it.each(changed)('are refused for %s', (_, change) => {
    expect(verifyWrappedKeySignature(signer.signing.publicKey, { ...wrap, ...change }, signature)).toBe(false)
  })

  it('are refused under another device key, flipped, cut short or empty', () => {
    expect(verifyWrappedKeySignature(recipient.signing.publicKey, wrap, signature)).toBe(false)
    const flipped = Buffer.from(signature)
    flipped[10] = (flipped[10] ?? 0) ^ 1
    expect(verifyWrappedKeySignature(signer.signing.publicKey, wrap, flipped)).toBe(false)
    expect(verifyWrappedKeySignature(signer.signing.publicKey, wrap, signature.subarray(0, 63))).toBe(false)
    expect(verifyWrappedKeySignature(signer.signing.publicKey, wrap, Buffer.alloc(0))).toBe(false)
    expect(verifyWrappedKeySignature(Buffer.alloc(5), wrap, signature)).toBe(false)
  })

  it('never read one field into the next (a signer id moved into the receiving device is refused)', () => {
    const shifted = { ...wrap, deviceId: wrap.signerDeviceId, signerDeviceId: wrap.deviceId }
    expect(verifyWrappedKeySignature(signer.signing.publicKey, shifted, signature)).toBe(false)
  })
})
