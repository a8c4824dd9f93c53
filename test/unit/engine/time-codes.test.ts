import { describe, expect, it } from 'vitest'
import {
  generateCode,
  generateTimeCode,
  secondsRemaining,
  timeStepAt,
} from '../../../electron/core/engine/generate-code.ts'
import type { TotpParameters } from '../../../electron/core/engine/otp-parameters.ts'
import { PreparedSecret } from '../../../electron/core/engine/prepared-secret.ts'
import { verifyTimeCode } from '../../../electron/core/engine/verify-code.ts'
import { expectTwofoldError, referenceDecimalCode, referenceTruncatedValue } from './engine-test-helpers.ts'

const KEY = new TextEncoder().encode('12345678901234567890')
const PARAMS: TotpParameters = { type: 'totp', algorithm: 'SHA1', digits: 6, period: 30 }

function totp(params: TotpParameters = PARAMS): PreparedSecret<TotpParameters> {
  return PreparedSecret.fromBytes(params, KEY)
}

function codeForStep(step: number, digits = 6): string {
  return referenceDecimalCode(referenceTruncatedValue(KEY, step), digits)
}

describe('seconds remaining', () => {
  it('counts down from the period to 1, and a new period starts at 30', () => {
    expect(secondsRemaining(30, 0)).toBe(30)
    expect(secondsRemaining(30, 1_000)).toBe(29)
    expect(secondsRemaining(30, 29_000)).toBe(1)
    expect(secondsRemaining(30, 29_999)).toBe(1)
    expect(secondsRemaining(30, 30_000)).toBe(30)
    expect(secondsRemaining(60, 1_700_000_000_000)).toBe(60 - (1_700_000_000 % 60))
  })

  it('agrees with the moment the code changes', () => {
    const secret = totp()
    expect(generateTimeCode(secret, 29_999)).toBe(codeForStep(0))
    expect(generateTimeCode(secret, 30_000)).toBe(codeForStep(1))
    expect(timeStepAt(30, 29_999)).toBe(0)
    expect(timeStepAt(30, 30_000)).toBe(1)
  })

  it('honours a non-default period', () => {
    const secret = totp({ ...PARAMS, period: 60 })
    expect(generateTimeCode(secret, 119_000)).toBe(codeForStep(1))
    expect(secondsRemaining(60, 119_000)).toBe(1)
  })

  it('refuses a period of 0 or over an hour, and a time before 1970', () => {
    expectTwofoldError(() => secondsRemaining(0, 0), 'invalid-otp-parameters', 'period')
    expectTwofoldError(() => secondsRemaining(3601, 0), 'invalid-otp-parameters', 'period')
    expectTwofoldError(() => secondsRemaining(30, -1), 'invalid-request', 'nowMs')
    expectTwofoldError(() => generateTimeCode(totp(), Number.NaN), 'invalid-request', 'nowMs')
  })
})

describe('verifying a typed TOTP code (±1 period)', () => {
  const secret = totp()
  const nowMs = 1_000_000 * 30_000 + 12_000 // 12 s into time step 1,000,000

  it('matches the current, previous and next period and says which', () => {
    expect(verifyTimeCode(secret, codeForStep(1_000_000), nowMs)).toEqual({ timeStep: 1_000_000, delta: 0 })
    expect(verifyTimeCode(secret, codeForStep(999_999), nowMs)).toEqual({ timeStep: 999_999, delta: -1 })
    expect(verifyTimeCode(secret, codeForStep(1_000_001), nowMs)).toEqual({ timeStep: 1_000_001, delta: 1 })
  })

  it('does not match two periods away (a wrong secret or a badly wrong clock)', () => {
    expect(verifyTimeCode(secret, codeForStep(999_998), nowMs)).toBeNull()
    expect(verifyTimeCode(secret, codeForStep(1_000_002), nowMs)).toBeNull()
  })

  it('catches a mistyped secret: the right code for a different key does not match', () => {
    const typo = PreparedSecret.fromBytes(PARAMS, new TextEncoder().encode('12345678901234567891'))
    expect(verifyTimeCode(typo, codeForStep(1_000_000), nowMs)).toBeNull()
  })

  it('accepts the code with spaces, as the list shows it', () => {
    const code = codeForStep(1_000_000)
    expect(verifyTimeCode(secret, `${code.slice(0, 3)} ${code.slice(3)}`, nowMs)?.delta).toBe(0)
  })

  it('has no previous period at the very start of time', () => {
    expect(verifyTimeCode(secret, codeForStep(0), 5_000)).toEqual({ timeStep: 0, delta: 0 })
    expect(verifyTimeCode(secret, codeForStep(1), 5_000)).toEqual({ timeStep: 1, delta: 1 })
  })

  it('refuses a code of the wrong length or with letters, without repeating it', () => {
    for (const typed of ['12345', '1234567', '12a456', '']) {
      const error = expectTwofoldError(() => verifyTimeCode(secret, typed, nowMs), 'invalid-code', 'code')
      if (typed !== '') expect(error.message).not.toContain(typed)
      expect(error.message).toContain('6 digits')
    }
  })
})

describe('a mixed list of accounts', () => {
  it('generates TOTP codes from the time and ignores any counter', () => {
    expect(generateCode(totp(), { nowMs: 59_000, counter: 99 })).toBe(codeForStep(1))
  })
})
