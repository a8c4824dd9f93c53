import { diffieHellman, sign, verify } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  agreementPublicKeyFor,
  generateDeviceKeys,
  importAgreementPrivateKey,
  importAgreementPublicKey,
  importSigningPrivateKey,
  importSigningPublicKey,
  signingPublicKeyFor,
} from '../../../../electron/core/team/crypto/device-keys.ts'
import { refusal } from './refusals.ts'

const hex = (text: string) => Buffer.from(text, 'hex')

describe('device keys as raw 32-byte halves', () => {
  it('generates an X25519 and an Ed25519 pair, 32 bytes each, fresh every time', () => {
    const first = generateDeviceKeys()
    const second = generateDeviceKeys()
    for (const pair of [first.agreement, first.signing]) {
      expect(pair.publicKey.length).toBe(32)
      expect(pair.privateKey.length).toBe(32)
    }
    expect(Buffer.from(first.agreement.privateKey).equals(second.agreement.privateKey)).toBe(false)
    expect(Buffer.from(first.signing.privateKey).equals(second.signing.privateKey)).toBe(false)
  })

  it('re-imports stored private halves that still pair with their public halves', () => {
    const keys = generateDeviceKeys()
    expect(agreementPublicKeyFor(keys.agreement.privateKey).equals(keys.agreement.publicKey)).toBe(true)
    expect(signingPublicKeyFor(keys.signing.privateKey).equals(keys.signing.publicKey)).toBe(true)

    const message = Buffer.from('a request')
    const signature = sign(null, message, importSigningPrivateKey(keys.signing.privateKey))
    expect(verify(null, message, importSigningPublicKey(keys.signing.publicKey), signature)).toBe(true)

    const other = generateDeviceKeys()
    const mine = diffieHellman({
      privateKey: importAgreementPrivateKey(keys.agreement.privateKey),
      publicKey: importAgreementPublicKey(other.agreement.publicKey),
    })
    const theirs = diffieHellman({
      privateKey: importAgreementPrivateKey(other.agreement.privateKey),
      publicKey: importAgreementPublicKey(keys.agreement.publicKey),
    })
    expect(mine.equals(theirs)).toBe(true)
  })

  it('reads raw keys as the RFCs write them (RFC 7748 section 6.1, RFC 8032 test 1)', () => {
    expect(
      agreementPublicKeyFor(hex('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a')).toString(
        'hex',
      ),
    ).toBe('8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a')
    expect(
      signingPublicKeyFor(hex('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60')).toString(
        'hex',
      ),
    ).toBe('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a')
  })

  it('refuses a public key of the wrong length with a clear message', async () => {
    const error = await refusal(() => importSigningPublicKey(Buffer.alloc(31)), 'invalid-request')
    expect(error.message).toBe("A device's public signing key should be 32 bytes long.")
    await refusal(() => importAgreementPublicKey(Buffer.alloc(33)), 'invalid-request')
    await refusal(() => importAgreementPrivateKey(Buffer.alloc(16)), 'internal')
  })
})
