import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { STEAM_PARAMETERS } from '../../../electron/core/engine/otp-parameters.ts'
import {
  buildOtpAuthUri,
  parseOtpAuthUri,
  type OtpAuthAccount,
} from '../../../electron/core/engine/otpauth-uri.ts'
import { TwofoldError } from '../../../electron/core/errors.ts'

const RUNS = 2_000

// Characters that carry meaning somewhere in a key URI, mixed into otherwise ordinary text.
const tricky = fc.constantFrom(
  ':',
  '%',
  '%3A',
  '+',
  ' ',
  '&',
  '=',
  '?',
  '#',
  '/',
  '@',
  'é',
  '用',
  '\u00a0',
  '\t',
  'A',
)
const labelText = fc
  .oneof(fc.string({ unit: 'grapheme', maxLength: 20 }), fc.string({ unit: tricky, maxLength: 12 }))
  .map((text) => text.trim())

const algorithm = fc.constantFrom('SHA1' as const, 'SHA256' as const, 'SHA512' as const)
const digits = fc.integer({ min: 4, max: 10 })
const otpParameters = fc.oneof(
  fc.record({
    type: fc.constant('totp' as const),
    algorithm,
    digits,
    period: fc.integer({ min: 1, max: 3600 }),
  }),
  fc.record({
    type: fc.constant('hotp' as const),
    algorithm,
    digits,
    counter: fc.oneof(fc.nat(), fc.maxSafeNat()),
  }),
  fc.constant(STEAM_PARAMETERS),
)
const account: fc.Arbitrary<OtpAuthAccount> = fc
  .tuple(labelText, labelText, fc.uint8Array({ minLength: 1, maxLength: 80 }), otpParameters)
  .map(([issuer, accountName, secret, params]) => ({ issuer, accountName, secret, ...params }))

/** Parsing may refuse input, but only ever with our error type: never a crash, never a stray exception. */
function parseOrRefuse(text: string): OtpAuthAccount | undefined {
  try {
    return parseOtpAuthUri(text)
  } catch (error) {
    expect(error).toBeInstanceOf(TwofoldError)
    return undefined
  }
}

const edit = fc.record({
  at: fc.nat(),
  remove: fc.nat({ max: 4 }),
  insert: fc.oneof(
    tricky,
    fc.string({ unit: 'binary', maxLength: 4 }),
    fc.constantFrom('&secret=A', '&digits='),
  ),
})

function mutate(text: string, edits: { at: number; remove: number; insert: string }[]): string {
  return edits.reduce((current, { at, remove, insert }) => {
    const index = at % (current.length + 1)
    return current.slice(0, index) + insert + current.slice(index + remove)
  }, text)
}

describe('otpauth:// properties', () => {
  it('build → parse gives back the same account', () => {
    fc.assert(
      fc.property(account, (original) => {
        expect(parseOtpAuthUri(buildOtpAuthUri(original))).toEqual(original)
      }),
      { numRuns: RUNS },
    )
  })

  it('refuses arbitrary strings only with a TwofoldError', () => {
    const anyText = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 120 }),
      fc.string({ unit: tricky, maxLength: 40 }).map((rest) => `otpauth://${rest}`),
      fc.string({ unit: 'grapheme-ascii', maxLength: 120 }).map((rest) => `otpauth://totp/${rest}`),
    )
    fc.assert(
      fc.property(anyText, (text) => {
        parseOrRefuse(text)
      }),
      { numRuns: RUNS },
    )
  })

  it('refuses mutated valid links only with a TwofoldError, and whatever it accepts it can write back', () => {
    fc.assert(
      fc.property(account, fc.array(edit, { minLength: 1, maxLength: 6 }), (original, edits) => {
        const parsed = parseOrRefuse(mutate(buildOtpAuthUri(original), edits))
        if (parsed !== undefined) expect(parseOtpAuthUri(buildOtpAuthUri(parsed))).toEqual(parsed)
      }),
      { numRuns: RUNS },
    )
  })
})
