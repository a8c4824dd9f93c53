import { describe, expect, it } from 'vitest'
import { generateCode, generateHotpCode } from '../../../electron/core/engine/generate-code.ts'
import type { HotpParameters } from '../../../electron/core/engine/otp-parameters.ts'
import { PreparedSecret } from '../../../electron/core/engine/prepared-secret.ts'
import { findHotpCounter, MAX_HOTP_LOOK_AHEAD } from '../../../electron/core/engine/verify-code.ts'
import { expectTwofoldError, referenceDecimalCode, referenceTruncatedValue } from './engine-test-helpers.ts'

const RFC_SEED = new TextEncoder().encode('12345678901234567890')
// RFC 4226 Appendix D, "Decimal" column: the 31-bit value before reduction to digits.
const RFC_TRUNCATED = [
  1284755224, 1094287082, 137359152, 1726969429, 1640338314, 868254676, 1918287922, 82162583, 673399871,
  645520489,
]

function hotp(digits = 6): PreparedSecret<HotpParameters> {
  return PreparedSecret.fromBytes({ type: 'hotp', algorithm: 'SHA1', digits }, RFC_SEED)
}

describe('HOTP code length', () => {
  for (let digits = 4; digits <= 10; digits++) {
    it(`gives ${digits}-digit codes, keeping leading zeros`, () => {
      const secret = hotp(digits)
      RFC_TRUNCATED.forEach((value, counter) => {
        expect(referenceTruncatedValue(RFC_SEED, counter)).toBe(value)
        expect(generateHotpCode(secret, counter)).toBe(referenceDecimalCode(value, digits))
      })
    })
  }

  it('writes counter 2 as 0137359152 with 10 digits', () => {
    expect(generateHotpCode(hotp(10), 2)).toBe('0137359152')
  })

  it('refuses 3 and 11 digits, naming digits', () => {
    for (const digits of [3, 11, 6.5]) {
      expectTwofoldError(() => hotp(digits), 'invalid-otp-parameters', 'digits')
    }
  })

  it('works for SHA256 and SHA512 keys too', () => {
    for (const [algorithm, hash] of [
      ['SHA256', 'sha256'],
      ['SHA512', 'sha512'],
    ] as const) {
      const secret = PreparedSecret.fromBytes({ type: 'hotp', algorithm, digits: 8 }, RFC_SEED)
      expect(generateHotpCode(secret, 42)).toBe(
        referenceDecimalCode(referenceTruncatedValue(RFC_SEED, 42, hash), 8),
      )
    }
  })
})

describe('HOTP counter', () => {
  it('is never advanced by the engine: the same counter gives the same code', () => {
    const secret = hotp()
    expect(generateHotpCode(secret, 5)).toBe('254676')
    expect(generateHotpCode(secret, 5)).toBe('254676')
    expect(generateCode(secret, { nowMs: 0, counter: 6 })).toBe('287922')
  })

  it('refuses a negative, fractional or missing counter, naming counter', () => {
    expectTwofoldError(() => generateHotpCode(hotp(), -1), 'invalid-otp-parameters', 'counter')
    expectTwofoldError(() => generateHotpCode(hotp(), 1.5), 'invalid-otp-parameters', 'counter')
    expectTwofoldError(() => generateCode(hotp(), { nowMs: 0 }), 'invalid-request', 'counter')
  })
})

describe('HOTP resynchronisation', () => {
  const secret = hotp()
  const codeAt = (counter: number) => generateHotpCode(secret, counter)

  it('finds a token that was pressed a few times without logging in', () => {
    expect(findHotpCounter(secret, [codeAt(7)], 0)).toEqual({ counter: 7, nextCounter: 8 })
  })

  it('finds nothing beyond the look-ahead window', () => {
    expect(findHotpCounter(secret, [codeAt(15)], 0, 10)).toBeNull()
    expect(findHotpCounter(secret, [codeAt(15)], 0, 15)).toEqual({ counter: 15, nextCounter: 16 })
  })

  it('never looks back: a code already used does not match again', () => {
    expect(findHotpCounter(secret, [codeAt(3)], 4)).toBeNull()
  })

  it('with two consecutive codes, resumes after the second', () => {
    expect(findHotpCounter(secret, [codeAt(40), codeAt(41)], 0, 50)).toEqual({ counter: 40, nextCounter: 42 })
    expect(findHotpCounter(secret, [codeAt(41), codeAt(40)], 0, 50)).toBeNull()
  })

  it('accepts codes typed with spaces', () => {
    expect(findHotpCounter(secret, ['287 082'], 0)).toEqual({ counter: 1, nextCounter: 2 })
  })

  it('refuses malformed codes and absurd windows with a clear error', () => {
    expectTwofoldError(() => findHotpCounter(secret, ['12345'], 0), 'invalid-code', 'code')
    expectTwofoldError(() => findHotpCounter(secret, ['12345a'], 0), 'invalid-code', 'code')
    expectTwofoldError(() => findHotpCounter(secret, [], 0), 'invalid-code', 'code')
    expectTwofoldError(
      () => findHotpCounter(secret, [codeAt(0)], 0, MAX_HOTP_LOOK_AHEAD + 1),
      'invalid-request',
      'lookAhead',
    )
  })
})
