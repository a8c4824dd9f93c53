import { generateSync as generateHotp } from '@otplib/hotp'
import { verifySync as verifyTotp } from '@otplib/totp'
import { TwofoldError } from '../errors.ts'
import { epochSeconds } from './generate-code.ts'
import {
  checkCounter,
  MAX_COUNTER,
  type HotpParameters,
  type OtpParameters,
  type TimeBasedParameters,
} from './otp-parameters.ts'
import { nodeCrypto, otplibOptions } from './otplib-options.ts'
import { isHotp, isTimeBased, type PreparedSecret } from './prepared-secret.ts'
import { isSteamCode, STEAM_CODE_LENGTH } from './steam-guard.ts'

/** RFC 4226 §7.4 leaves the look-ahead to us; 10 covers a few stray button presses. */
export const DEFAULT_HOTP_LOOK_AHEAD = 10
/** With one 6-digit code the odds of a false match grow with the window; past this, ask for two codes. */
export const MAX_HOTP_LOOK_AHEAD = 100

export interface TimeCodeMatch {
  /** RFC 6238's T for the period whose code matched. */
  readonly timeStep: number
  /** -1: the code of the previous period (typed slowly or clock behind); +1: the next one. */
  readonly delta: -1 | 0 | 1
}

export interface HotpCounterMatch {
  /** The counter that produced the first typed code. */
  readonly counter: number
  /** The counter the store should use for the next code it shows. */
  readonly nextCounter: number
}

function invalidCode(message: string): TwofoldError {
  return new TwofoldError('invalid-code', message, { field: 'code' })
}

/**
 * Turns what a person typed or pasted into the form codes have. A code that cannot be right (wrong
 * length, wrong characters) is an error the person can fix, distinct from a well-formed code that does
 * not match. Messages never repeat the code.
 */
export function normalizeTypedCode(params: OtpParameters, typed: string): string {
  if (typeof typed !== 'string') throw invalidCode('code must be text')
  const compact = typed.replace(/\s+/g, '')
  if (params.type === 'steam') {
    const upper = compact.toUpperCase()
    if (!isSteamCode(upper)) {
      throw invalidCode(`code must be ${STEAM_CODE_LENGTH} characters from the Steam Guard alphabet`)
    }
    return upper
  }
  if (compact.length !== params.digits || !/^[0-9]+$/.test(compact)) {
    throw invalidCode(`code must be ${params.digits} digits`)
  }
  return compact
}

/**
 * Checks a typed code against the previous, current and next period (RFC 6238 §5.2's one step of
 * drift each way). Used when an account is added, so a mistyped secret is caught before it is saved.
 */
export function verifyTimeCode(
  secret: PreparedSecret<TimeBasedParameters>,
  typed: string,
  nowMs: number,
): TimeCodeMatch | null {
  if (!isTimeBased(secret)) {
    throw new TwofoldError('invalid-request', 'this operation needs a TOTP or Steam account', {
      field: 'type',
    })
  }
  const token = normalizeTypedCode(secret.params, typed)
  const epoch = epochSeconds(nowMs)
  const { period } = secret.params
  const result = secret.useKey((key) =>
    verifyTotp({
      ...otplibOptions(secret.params),
      secret: key,
      token,
      epoch,
      period,
      t0: 0,
      epochTolerance: [period, period],
    }),
  )
  return result.valid ? { timeStep: result.timeStep, delta: result.delta as -1 | 0 | 1 } : null
}

/**
 * Finds where an HOTP token has got to (RFC 4226 §7.4): the first counter from `fromCounter` up to
 * `fromCounter + lookAhead` whose codes equal `typed` in order. Pass two consecutive codes to make a
 * chance match over a wide window negligible. Returns null when nothing matches.
 */
export function findHotpCounter(
  secret: PreparedSecret<HotpParameters>,
  typed: readonly string[],
  fromCounter: number,
  lookAhead: number = DEFAULT_HOTP_LOOK_AHEAD,
): HotpCounterMatch | null {
  if (!isHotp(secret)) {
    throw new TwofoldError('invalid-request', 'this operation needs an HOTP account', { field: 'type' })
  }
  if (typed.length === 0) throw invalidCode('at least one code is needed')
  const tokens = typed.map((code) => normalizeTypedCode(secret.params, code))
  checkCounter(fromCounter)
  if (!Number.isInteger(lookAhead) || lookAhead < 0 || lookAhead > MAX_HOTP_LOOK_AHEAD) {
    throw new TwofoldError(
      'invalid-request',
      `lookAhead must be a whole number from 0 to ${MAX_HOTP_LOOK_AHEAD}`,
      {
        field: 'lookAhead',
      },
    )
  }
  const options = otplibOptions(secret.params)
  const last = Math.min(fromCounter + lookAhead, MAX_COUNTER - tokens.length)
  return secret.useKey((key) => {
    for (let counter = fromCounter; counter <= last; counter++) {
      const matches = tokens.every((token, offset) =>
        nodeCrypto.constantTimeEqual(
          generateHotp({ ...options, secret: key, counter: counter + offset }),
          token,
        ),
      )
      if (matches) return { counter, nextCounter: counter + tokens.length }
    }
    return null
  })
}
