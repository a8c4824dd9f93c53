import { TwofoldError } from '../errors.ts'

export type OtpAlgorithm = 'SHA1' | 'SHA256' | 'SHA512'
export type OtpType = 'totp' | 'hotp' | 'steam'

export interface TotpParameters {
  readonly type: 'totp'
  readonly algorithm: OtpAlgorithm
  readonly digits: number
  readonly period: number
}

/** No counter here: the counter is state the store owns and passes to each call. */
export interface HotpParameters {
  readonly type: 'hotp'
  readonly algorithm: OtpAlgorithm
  readonly digits: number
}

/** Steam fixes everything but the secret; the literal types keep a store from writing anything else. */
export interface SteamParameters {
  readonly type: 'steam'
  readonly algorithm: 'SHA1'
  readonly digits: 5
  readonly period: 30
}

export type TimeBasedParameters = TotpParameters | SteamParameters
export type OtpParameters = TimeBasedParameters | HotpParameters

export const OTP_ALGORITHMS: readonly OtpAlgorithm[] = ['SHA1', 'SHA256', 'SHA512']
export const MIN_DIGITS = 4
export const MAX_DIGITS = 10
export const DEFAULT_DIGITS = 6
export const DEFAULT_PERIOD = 30
/** An hour is otplib's own ceiling and far beyond any service we know of; more is a typo. */
export const MAX_PERIOD = 3600
/** One byte is the HMAC minimum; judging a service's key strength is not ours to do. */
export const MIN_SECRET_BYTES = 1
/** Bounds memory for hostile input while leaving room far above the 64-byte SHA512 seeds. */
export const MAX_SECRET_BYTES = 1024
export const MAX_COUNTER = Number.MAX_SAFE_INTEGER

export const STEAM_PARAMETERS: SteamParameters = Object.freeze({
  type: 'steam',
  algorithm: 'SHA1',
  digits: 5,
  period: 30,
})

/** Non-secret values may be echoed in messages; cap them so a hostile string cannot flood a dialog. */
export function describeValue(value: unknown): string {
  const text = typeof value === 'string' ? value : String(value)
  return JSON.stringify(text.length > 24 ? `${text.slice(0, 24)}…` : text)
}

export function invalidParameter(field: string, message: string): TwofoldError {
  return new TwofoldError('invalid-otp-parameters', message, { field })
}

/** Accepts the spellings otplib and exporters use: any case, with an optional '-' or '_' before the size. */
export function parseAlgorithm(text: string): OtpAlgorithm {
  const match = /^sha[-_]?(1|256|512)$/i.exec(text)
  if (match === null) {
    throw invalidParameter(
      'algorithm',
      `algorithm must be SHA1, SHA256 or SHA512 (got ${describeValue(text)})`,
    )
  }
  return `SHA${match[1]}` as OtpAlgorithm
}

export function checkDigits(digits: unknown): number {
  if (typeof digits !== 'number' || !Number.isInteger(digits) || digits < MIN_DIGITS || digits > MAX_DIGITS) {
    throw invalidParameter(
      'digits',
      `digits must be a whole number from ${MIN_DIGITS} to ${MAX_DIGITS} (got ${describeValue(digits)})`,
    )
  }
  return digits
}

export function checkPeriod(period: unknown): number {
  if (typeof period !== 'number' || !Number.isInteger(period) || period < 1 || period > MAX_PERIOD) {
    throw invalidParameter(
      'period',
      `period must be a whole number of seconds from 1 to ${MAX_PERIOD} (got ${describeValue(period)})`,
    )
  }
  return period
}

export function checkCounter(counter: unknown): number {
  if (typeof counter !== 'number' || !Number.isInteger(counter) || counter < 0 || counter > MAX_COUNTER) {
    throw invalidParameter(
      'counter',
      `counter must be a whole number from 0 to ${MAX_COUNTER} (got ${describeValue(counter)})`,
    )
  }
  return counter
}

function checkAlgorithm(algorithm: unknown): OtpAlgorithm {
  if (typeof algorithm !== 'string' || !OTP_ALGORITHMS.includes(algorithm as OtpAlgorithm)) {
    throw invalidParameter(
      'algorithm',
      `algorithm must be SHA1, SHA256 or SHA512 (got ${describeValue(algorithm)})`,
    )
  }
  return algorithm as OtpAlgorithm
}

/**
 * Checks parameters that arrive from outside the type system (a stored record, an IPC payload) and
 * returns a frozen copy holding only the known fields, so nothing extra rides along into the engine.
 */
export function checkOtpParameters<P extends OtpParameters>(params: P): P
export function checkOtpParameters(params: OtpParameters): OtpParameters {
  const input = params as unknown as Record<string, unknown>
  switch (input.type) {
    case 'totp':
      return Object.freeze({
        type: 'totp',
        algorithm: checkAlgorithm(input.algorithm),
        digits: checkDigits(input.digits),
        period: checkPeriod(input.period),
      })
    case 'hotp':
      return Object.freeze({
        type: 'hotp',
        algorithm: checkAlgorithm(input.algorithm),
        digits: checkDigits(input.digits),
      })
    case 'steam':
      if (input.algorithm !== 'SHA1') throw invalidParameter('algorithm', 'Steam Guard codes always use SHA1')
      if (input.digits !== 5) throw invalidParameter('digits', 'Steam Guard codes always have 5 characters')
      if (input.period !== 30) throw invalidParameter('period', 'Steam Guard codes always last 30 seconds')
      return STEAM_PARAMETERS
    default:
      throw new TwofoldError(
        'unsupported-otp-type',
        `type ${describeValue(input.type)} is not supported; Twofold supports TOTP, HOTP and Steam Guard`,
        { field: 'type' },
      )
  }
}
