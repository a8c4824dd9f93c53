import { dynamicTruncate, truncateDigits } from '@otplib/core'
import { getRemainingTime, getTimeStepUsed } from '@otplib/totp'
import { TwofoldError } from '../errors.ts'
import { checkCounter, checkPeriod, type HotpParameters, type TimeBasedParameters } from './otp-parameters.ts'
import { guardrails, hmacOf } from './otplib-options.ts'
import { isHotp, isTimeBased, type PreparedSecret } from './prepared-secret.ts'
import { encodeSteamCode } from './steam-guard.ts'

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

/**
 * RFC 4226 §5.3 for one counter value, with otplib's own HMAC plugin and truncation helpers.
 * otplib's generateSync checks the secret, the counter and the algorithm again on every call (four
 * times over for the algorithm, with BigInt arithmetic for the counter): a third of what 10,000 codes
 * cost. Here they are checked once — the parameters and the secret when the PreparedSecret is made,
 * a counter by the caller — so each code is one HMAC and the truncation.
 */
function codeAt(secret: PreparedSecret, counter: number): string {
  const message = new Uint8Array(8)
  const view = new DataView(message.buffer)
  view.setUint32(0, Math.floor(counter / 0x1_0000_0000))
  view.setUint32(4, counter >>> 0)
  const truncated = dynamicTruncate(secret.useKey((key) => hmacOf(secret.params, key, message)))
  return secret.params.type === 'steam'
    ? encodeSteamCode(truncated)
    : truncateDigits(truncated, secret.params.digits)
}

/** Pure: the store decides when the counter moves on (after the code is shown, not before). */
export function generateHotpCode(secret: PreparedSecret<HotpParameters>, counter: number): string {
  if (!isHotp(secret)) throw wrongType('HOTP')
  return codeAt(secret, checkCounter(counter))
}

export function generateTimeCode(secret: PreparedSecret<TimeBasedParameters>, nowMs: number): string {
  if (!isTimeBased(secret)) throw wrongType('TOTP or Steam')
  // RFC 6238's T with T0 = 0; the period was checked when the secret was prepared.
  return codeAt(secret, Math.floor(epochSeconds(nowMs) / secret.params.period))
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
