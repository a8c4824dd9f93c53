import { describe, expect, it } from 'vitest'
import { open, seal } from '../../../electron/core/crypto/aead.ts'
import { randomSecret } from '../../../electron/core/crypto/secret-bytes.ts'
import { isTwofoldError } from '../../../electron/core/errors.ts'

const place = { table: 'accounts', row: 7, column: 'secret' }

function expectTampered(work: () => unknown) {
  try {
    work()
  } catch (error) {
    expect(isTwofoldError(error, 'vault-tampered')).toBe(true)
    expect((error as Error).message).toMatch(/integrity check/)
    return
  }
  throw new Error('expected the ciphertext to be refused')
}

describe('sealed columns (AES-256-GCM with the place as associated data)', () => {
  const key = randomSecret(32)

  it('opens what it sealed, with a fresh nonce every time', () => {
    const plaintext = Buffer.from('JBSWY3DPEHPK3PXP')
    const first = seal(key, place, plaintext)
    const second = seal(key, place, plaintext)
    expect(first.equals(second)).toBe(false)
    expect(open(key, place, first).toString()).toBe('JBSWY3DPEHPK3PXP')
    expect(open(key, place, second).toString()).toBe('JBSWY3DPEHPK3PXP')
  })

  it('never contains the plaintext', () => {
    const sealed = seal(key, place, Buffer.from('JBSWY3DPEHPK3PXP'))
    expect(sealed.includes(Buffer.from('JBSWY3DPEHPK3PXP'))).toBe(false)
  })

  it('refuses a ciphertext moved to another row, column or table', () => {
    const sealed = seal(key, place, Buffer.from('secret'))
    expectTampered(() => open(key, { ...place, row: 8 }, sealed))
    expectTampered(() => open(key, { ...place, column: 'notes' }, sealed))
    expectTampered(() => open(key, { ...place, table: 'clients' }, sealed))
  })

  it('refuses a flipped byte anywhere: version, nonce, body or tag', () => {
    const sealed = seal(key, place, Buffer.from('a secret of some length'))
    for (let index = 0; index < sealed.length; index++) {
      const damaged = Buffer.from(sealed)
      damaged[index] = (damaged[index] ?? 0) ^ 0x01
      expectTampered(() => open(key, place, damaged))
    }
  })

  it('refuses a truncated ciphertext and the wrong key', () => {
    const sealed = seal(key, place, Buffer.from('secret'))
    expectTampered(() => open(key, place, sealed.subarray(0, 20)))
    expectTampered(() => open(randomSecret(32), place, sealed))
  })
})
