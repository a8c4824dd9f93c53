import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fromBase64url, toBase64url } from '../../../../electron/core/team/crypto/base64url.ts'
import { refusal } from './refusals.ts'

describe('base64url without padding', () => {
  it('reads back every byte string it writes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        const text = toBase64url(bytes)
        expect(text).toMatch(/^[A-Za-z0-9_-]*$/)
        expect(fromBase64url(text, 'value').equals(bytes)).toBe(true)
      }),
    )
  })

  it('accepts one spelling only: no padding, no standard alphabet, no stray bits or characters', async () => {
    const text = toBase64url(Buffer.from('any bytes!'))
    for (const other of [`${text}==`, `${text} `, 'ab+/', 'ab.c', 'A', 'AB', 'AQ=', 'AR']) {
      const error = await refusal(() => fromBase64url(other, 'signature'), 'invalid-request')
      expect(error.message).toBe('The signature is not valid base64url text.')
    }
    expect(fromBase64url('AQ', 'value')).toEqual(Buffer.of(1))
  })

  it('checks the length when one is expected, without repeating the text', async () => {
    const text = toBase64url(Buffer.alloc(31, 7))
    const error = await refusal(() => fromBase64url(text, 'signing key', 32), 'invalid-request')
    expect(error.message).toBe('The signing key should be 32 bytes long.')
    expect(fromBase64url(toBase64url(Buffer.alloc(32)), 'signing key', 32).length).toBe(32)
  })
})
