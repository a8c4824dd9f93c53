import {
  Aes128Gcm,
  Aes256Gcm,
  CipherSuite,
  DhkemX25519HkdfSha256 as NativeDhkemX25519,
  HkdfSha256,
} from '@hpke/core'
import { DhkemX25519HkdfSha256 } from '@hpke/dhkem-x25519'
import { type webcrypto } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { canonicalEncoding } from '../../../../electron/core/team/crypto/canonical-encoding.ts'
import { newClientKey } from '../../../../electron/core/team/crypto/client-key.ts'
import {
  agreementPublicKeyFor,
  generateDeviceKeys,
} from '../../../../electron/core/team/crypto/device-keys.ts'
import { hpkeOpenSingleShot } from '../../../../electron/core/team/crypto/hpke-single-shot.ts'
import {
  unwrapClientKey,
  wrapClientKey,
  WRAPPED_CLIENT_KEY_BYTES,
  type WrapPlace,
} from '../../../../electron/core/team/crypto/key-wrap.ts'
import { expectNoSecretIn, refusal } from './refusals.ts'

const hex = (text: string) => Buffer.from(text, 'hex')
const place: WrapPlace = {
  teamId: '6f1c1f4e-4bb0-4c43-9d0e-5d5a1c2b7a10',
  clientId: '0b7f2d55-7d4e-4a39-8f0a-3a2f1d9c8e21',
  deviceId: '9a8b7c6d-5e4f-4a3b-9c1d-0e2f3a4b5c6d',
  keyVersion: 1,
}

/**
 * RFC 9180 appendix A.1.1: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-128-GCM, base mode, first
 * encryption. The RFC publishes no X25519 vector with AES-256-GCM; this one checks the part we supply
 * ourselves — the raw private key as stored, the enc || ciphertext layout, info and associated data —
 * with only the AEAD's key length changed.
 */
const rfc9180 = {
  info: hex('4f6465206f6e2061204772656369616e2055726e'),
  skRm: hex('4612c550263fc8ad58375df3f557aac531d26850903e55a9f23f21d8534e8ac8'),
  pkRm: hex('3948cfe0ad1ddb695d780e59077195da6c56506b027329794ab02bca80815c4d'),
  enc: hex('37fda3567bdbd628e88668c3c8d7e97d1d1253b6d4ea6d44c150f741f1bf4431'),
  aad: hex('436f756e742d30'),
  plaintext: hex('4265617574792069732074727574682c20747275746820626561757479'),
  ciphertext: hex(
    'f938558b5d72f1a23810b4be2ab4f84331acc02fc97babc53a52ae8218a355a96d8770ac83d07bea87e13c512a',
  ),
}

describe('client keys wrapped to a device (HPKE base mode, X25519, HKDF-SHA256, AES-256-GCM)', () => {
  it('opens the RFC 9180 test vector with a stored raw private key', async () => {
    expect(agreementPublicKeyFor(rfc9180.skRm).equals(rfc9180.pkRm)).toBe(true)
    const suite = new CipherSuite({
      kem: new DhkemX25519HkdfSha256(),
      kdf: new HkdfSha256(),
      aead: new Aes128Gcm(),
    })
    const sealed = Buffer.concat([rfc9180.enc, rfc9180.ciphertext])
    const opened = await hpkeOpenSingleShot(suite, rfc9180.skRm, sealed, rfc9180.info, rfc9180.aad)
    expect(opened?.equals(rfc9180.plaintext)).toBe(true)
    expect(
      await hpkeOpenSingleShot(suite, rfc9180.skRm, sealed, rfc9180.info, hex('436f756e742d31')),
    ).toBeUndefined()
  })

  it('unwraps on the device it was wrapped for, and only there', async () => {
    const device = generateDeviceKeys()
    const clientKey = newClientKey()
    const wrapped = await wrapClientKey(device.agreement.publicKey, clientKey, place)
    expect(wrapped.length).toBe(WRAPPED_CLIENT_KEY_BYTES)
    expect(wrapped.includes(clientKey)).toBe(false)
    expect((await unwrapClientKey(device.agreement.privateKey, wrapped, place)).equals(clientKey)).toBe(true)

    const error = await refusal(
      () => unwrapClientKey(generateDeviceKeys().agreement.privateKey, wrapped, place),
      'vault-tampered',
    )
    expect(error.message).toContain(place.clientId)
    expectNoSecretIn(error.message, clientKey, device.agreement.privateKey)
  })

  it('interoperates with an independent HPKE implementation (WebCrypto X25519) both ways', async () => {
    const native = new CipherSuite({
      kem: new NativeDhkemX25519(),
      kdf: new HkdfSha256(),
      aead: new Aes256Gcm(),
    })
    const info = Buffer.from('twofold-client-key-v1')
    const aad = canonicalEncoding(['twofold-wrap-v1', place.teamId, place.clientId, place.deviceId, 1])
    const pair = (await native.kem.generateKeyPair()) as webcrypto.CryptoKeyPair
    const privateKey = Buffer.from(await native.kem.serializePrivateKey(pair.privateKey))
    const publicKey = Buffer.from(await native.kem.serializePublicKey(pair.publicKey))
    expect(agreementPublicKeyFor(privateKey).equals(publicKey)).toBe(true)

    const clientKey = newClientKey()
    const wrapped = await wrapClientKey(publicKey, clientKey, place)
    const opened = await native.open(
      { recipientKey: pair.privateKey, enc: wrapped.subarray(0, 32), info },
      wrapped.subarray(32),
      aad,
    )
    expect(Buffer.from(opened).equals(clientKey)).toBe(true)

    const { enc, ct } = await native.seal({ recipientPublicKey: pair.publicKey, info }, clientKey, aad)
    const theirs = Buffer.concat([new Uint8Array(enc), new Uint8Array(ct)])
    expect((await unwrapClientKey(privateKey, theirs, place)).equals(clientKey)).toBe(true)
  })

  it('refuses a wrapped key moved to another team, client, device or key version', async () => {
    const device = generateDeviceKeys()
    const clientKey = newClientKey()
    const wrapped = await wrapClientKey(device.agreement.publicKey, clientKey, place)
    const elsewhere: WrapPlace[] = [
      { ...place, teamId: place.clientId },
      { ...place, clientId: place.teamId },
      { ...place, deviceId: place.teamId },
      { ...place, keyVersion: 2 },
    ]
    for (const where of elsewhere) {
      const error = await refusal(
        () => unwrapClientKey(device.agreement.privateKey, wrapped, where),
        'vault-tampered',
      )
      expectNoSecretIn(error.message, clientKey)
    }
  })

  it('refuses a flipped bit in the encapsulated key, the ciphertext or the tag, and a cut or padded value', async () => {
    const device = generateDeviceKeys()
    const wrapped = await wrapClientKey(device.agreement.publicKey, newClientKey(), place)
    // One bit in each of enc, ciphertext and tag, and the first and last byte.
    for (const index of [0, 5, 31, 32, 40, 63, 64, 70, WRAPPED_CLIENT_KEY_BYTES - 1]) {
      const damaged = Buffer.from(wrapped)
      damaged[index] = (damaged[index] ?? 0) ^ 0x04
      await refusal(() => unwrapClientKey(device.agreement.privateKey, damaged, place), 'vault-tampered')
    }
    await refusal(
      () => unwrapClientKey(device.agreement.privateKey, wrapped.subarray(0, 79), place),
      'vault-tampered',
    )
    await refusal(
      () => unwrapClientKey(device.agreement.privateKey, Buffer.concat([wrapped, Buffer.of(0)]), place),
      'vault-tampered',
    )
  })

  it('refuses to wrap to a key that is no device key', async () => {
    await refusal(() => wrapClientKey(Buffer.alloc(31), newClientKey(), place), 'invalid-request')
    // The all-zero point is of low order: every "shared secret" with it is zero.
    const error = await refusal(
      () => wrapClientKey(Buffer.alloc(32), newClientKey(), place),
      'invalid-request',
    )
    expect(error.message).toContain(place.deviceId)
    await refusal(
      () => wrapClientKey(generateDeviceKeys().agreement.publicKey, Buffer.alloc(16), place),
      'internal',
    )
  })
})
