import { generateSync as generateHotp } from '@otplib/hotp'
import { generateSync as generateTotp, getRemainingTime, getTimeStepUsed } from '@otplib/totp'
import { TwofoldError } from '../errors.ts'
import { checkCounter, checkPeriod, type HotpParameters, type TimeBasedParameters } from './otp-parameters.ts'
import { guardrails, otplibOptions } from './otplib-options.ts'
import { isHotp, isTimeBased, type PreparedSecret } from './prepared-secret.ts'

/** Unix seconds for otplib. The caller passes the time so tests, and a corrected clock, decide it. */
export function epochSeconds(nowMs: number): number {
  if (typeof nowMs !== 'number' || !Number.isFinite(nowMs) || nowMs < 0) {
    throw new TwofoldError('invalid-request', 'nowMs must be a time at or after 1970 in milliseconds', {
      field: 'nowMs',
    })
  }
  return Math.floor(nowMs / 1000)
}

function wrongType(expected: string): TwofoldError {
  return new TwofoldError('invalid-request', `this operation needs a ${expected} account`, { field: 'type' })
}

/** Pure: the store decides when the counter moves on (after the code is shown, not before). */
export function generateHotpCode(secret: PreparedSecret<HotpParameters>, counter: number): string {
  if (!isHotp(secret)) throw wrongType('HOTP')
  checkCounter(counter)
  return secret.useKey((key) => generateHotp({ ...otplibOptions(secret.params), secret: key, counter }))
}

export function generateTimeCode(secret: PreparedSecret<TimeBasedParameters>, nowMs: number): string {
  if (!isTimeBased(secret)) throw wrongType('TOTP or Steam')
  const epoch = epochSeconds(nowMs)
  return secret.useKey((key) =>
    generateTotp({
      ...otplibOptions(secret.params),
      secret: key,
      epoch,
      period: secret.params.period,
      t0: 0,
    }),
  )
}

/** One entry point for a list of mixed accounts; `counter` is read only for HOTP. */
export function generateCode(secret: PreparedSecret, at: { nowMs: number; counter?: number }): string {
  if (isHotp(secret)) {
    if (at.counter === undefined) {
      throw new TwofoldError('invalid-request', 'counter is required for an HOTP account', {
        field: 'counter',
      })
    }
    return generateHotpCode(secret, at.counter)
  }
  if (isTimeBased(secret)) return generateTimeCode(secret, at.nowMs)
  throw wrongType('TOTP, HOTP or Steam')
}

/** RFC 6238's T with T0 = 0: the number of whole periods since 1970. */
export function timeStepAt(period: number, nowMs: number): number {
  return getTimeStepUsed(epochSeconds(nowMs), checkPeriod(period), 0, guardrails)
}

/** Whole seconds left in the current period, from `period` (a fresh code) down to 1. */
export function secondsRemaining(period: number, nowMs: number): number {
  return getRemainingTime(epochSeconds(nowMs), checkPeriod(period), 0, guardrails)
}
