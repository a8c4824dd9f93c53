import { describe, expect, it } from 'vitest'
import { decodeBase32Secret, encodeBase32Secret } from '../../../electron/core/engine/secret-text.ts'
import { expectTwofoldError } from './engine-test-helpers.ts'

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes)

describe('Base32 secrets', () => {
  // RFC 4648 §10 test vectors.
  const vectors: [string, string][] = [
    ['f', 'MY======'],
    ['fo', 'MZXQ===='],
    ['foo', 'MZXW6==='],
    ['foob', 'MZXW6YQ='],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI======'],
  ]
  for (const [plain, encoded] of vectors) {
    it(`decodes ${encoded} with or without padding and writes it back unpadded`, () => {
      expect(text(decodeBase32Secret(encoded))).toBe(plain)
      expect(text(decodeBase32Secret(encoded.replace(/=+$/, '')))).toBe(plain)
      expect(encodeBase32Secret(new TextEncoder().encode(plain))).toBe(encoded.replace(/=+$/, ''))
    })
  }

  it('accepts lower case and spaces as services display them', () => {
    expect(decodeBase32Secret('mzxw 6ytb oi')).toEqual(decodeBase32Secret('MZXW6YTBOI'))
    expect(decodeBase32Secret('  MZXW\t6YTB\nOI==  ')).toEqual(decodeBase32Secret('MZXW6YTBOI'))
  })

  it('ignores stray bits after the last whole byte, as Google Authenticator does', () => {
    expect(decodeBase32Secret('MZXW6YTBOJ')).toEqual(decodeBase32Secret('MZXW6YTBOI'))
  })

  const bad: [string, string][] = [
    ['empty', ''],
    ['only spaces', '   '],
    ['only padding', '===='],
    ['the digit 0', 'MZXW0YTB'],
    ['the digit 1', 'MZXW1YTB'],
    ['the digit 8', 'MZXW8YTB'],
    ['punctuation', 'MZXW-YTB'],
    ['a dotless i that upper-cases to I', 'MZXWıYTB'],
    ['padding in the middle', 'MZ=XW6YTB'],
    ['one character too many', 'MZXW6YTBO'],
    ['three characters after a group', 'MZXW6YTBOIA'],
    ['six characters after a group', 'MZXW6YTBOIAAAA'],
  ]
  for (const [name, input] of bad) {
    it(`refuses ${name}, naming secret and never quoting it`, () => {
      const error = expectTwofoldError(() => decodeBase32Secret(input), 'invalid-secret', 'secret')
      if (input.trim().length > 2) expect(error.message).not.toContain(input.trim())
    })
  }

  it('refuses absurdly long secrets', () => {
    expectTwofoldError(() => decodeBase32Secret('A'.repeat(2000)), 'invalid-secret', 'secret')
  })
})
