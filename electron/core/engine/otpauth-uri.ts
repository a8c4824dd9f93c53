import { TwofoldError } from '../errors.ts'
import {
  checkCounter,
  checkDigits,
  checkOtpParameters,
  checkPeriod,
  DEFAULT_DIGITS,
  DEFAULT_PERIOD,
  invalidParameter,
  parseAlgorithm,
  STEAM_PARAMETERS,
  type HotpParameters,
  type OtpAlgorithm,
  type OtpParameters,
  type SteamParameters,
  type TotpParameters,
} from './otp-parameters.ts'
import { decodeBase32Secret, encodeBase32Secret } from './secret-text.ts'

// The rules below are written down, case by case, in docs/otpauth-uri-policy.md. Change both together.

interface OtpAuthIdentity {
  /** Empty when the URI names none. */
  readonly issuer: string
  readonly accountName: string
  /** Decoded once, here; the Base32 text is not kept. */
  readonly secret: Uint8Array
}

export type OtpAuthAccount = OtpAuthIdentity &
  (TotpParameters | (HotpParameters & { readonly counter: number }) | SteamParameters)

/** Far above the largest QR code (about 4,300 characters); longer input is not a key URI. */
export const MAX_OTPAUTH_URI_LENGTH = 8192

const UNSUPPORTED_TYPES = ['motp', 'yandex']

function invalidUri(field: string, message: string): TwofoldError {
  return new TwofoldError('invalid-otpauth-uri', message, { field })
}

function unsupported(field: string, message: string): TwofoldError {
  return new TwofoldError('unsupported-otp-type', message, { field })
}

/** Input may be anything a QR code held; only short plain names are echoed back. */
function describeName(kind: string, name: string): string {
  return /^[A-Za-z0-9-]{1,16}$/.test(name) ? `${kind} "${name}"` : `this ${kind}`
}

export function parseOtpAuthUri(text: string): OtpAuthAccount {
  if (typeof text !== 'string') throw invalidUri('uri', 'the otpauth link must be text')
  const uri = text.trim()
  if (uri.length > MAX_OTPAUTH_URI_LENGTH) throw invalidUri('uri', 'the otpauth link is too long')

  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(uri)
  if (scheme === null || scheme[1]?.toLowerCase() !== 'otpauth') {
    throw invalidUri('scheme', 'this is not an otpauth:// link')
  }
  const parts = /^\/\/([^/?#]*)([^?#]*)(?:\?([^#]*))?/.exec(uri.slice(scheme[0].length))
  if (parts === null) throw invalidUri('type', 'the otpauth link has no type (expected otpauth://totp/…)')
  const [, authority = '', path = '', query = ''] = parts

  const params = readParameters(query)
  const type = resolveType(authority.toLowerCase(), params.single('encoder')?.trim().toLowerCase() ?? '')
  const label = decodeLabel(path)

  const secretText = params.single('secret')
  if (secretText === undefined) {
    throw new TwofoldError('invalid-secret', 'secret is missing from the otpauth link', { field: 'secret' })
  }
  const secret = decodeBase32Secret(secretText)
  try {
    return {
      ...splitLabel(label, params.single('issuer')?.trim() ?? ''),
      secret,
      ...readOtpParameters(type, params),
    }
  } catch (error) {
    secret.fill(0)
    throw error
  }
}

export function buildOtpAuthUri(account: OtpAuthAccount): string {
  const issuer = checkLabelPart('issuer', account.issuer)
  const accountName = checkLabelPart('accountName', account.accountName)
  const query = [`secret=${encodeBase32Secret(account.secret)}`]
  if (issuer !== '') query.push(`issuer=${encodeURIComponent(issuer)}`)

  // Checked as a whole first: a record from outside the type system may carry any type or values.
  const otp = checkOtpParameters<OtpParameters>(account)
  if (otp.type === 'totp') {
    query.push(`algorithm=${otp.algorithm}`, `digits=${otp.digits}`, `period=${otp.period}`)
  }
  if (otp.type === 'hotp') {
    const counter = checkCounter(account.type === 'hotp' ? account.counter : undefined)
    query.push(`algorithm=${otp.algorithm}`, `digits=${otp.digits}`, `counter=${counter}`)
  }

  const label =
    issuer !== ''
      ? `${encodeURIComponent(issuer)}:${encodeURIComponent(accountName)}`
      : // A leading colon says "no issuer", so a colon inside the account name is not read as one.
        `${accountName.includes(':') ? ':' : ''}${encodeURIComponent(accountName)}`
  return `otpauth://${otp.type}/${label}?${query.join('&')}`
}

interface QueryParameters {
  /** The value of a parameter we read; a second copy is an error because readers disagree on which wins. */
  single(name: string): string | undefined
}

function readParameters(query: string): QueryParameters {
  const values = new Map<string, string[]>()
  for (const [name, value] of new URLSearchParams(query)) {
    const key = name.toLowerCase()
    const list = values.get(key)
    if (list === undefined) values.set(key, [value])
    else list.push(value)
  }
  return {
    single(name) {
      const list = values.get(name)
      if (list !== undefined && list.length > 1) {
        throw invalidUri(name, `${name} appears more than once in the otpauth link`)
      }
      return list?.[0]
    },
  }
}

function resolveType(type: string, encoder: string): OtpAuthAccount['type'] {
  if (type === '') throw invalidUri('type', 'the otpauth link has no type (expected otpauth://totp/…)')
  if (type === 'totp' || type === 'steam') {
    if (encoder === '' || encoder === 'steam') return encoder === 'steam' ? 'steam' : type
    throw unsupported('encoder', `${describeName('encoder', encoder)} is not supported; only "steam" is`)
  }
  if (type === 'hotp') {
    if (encoder === '') return 'hotp'
    throw unsupported('encoder', 'HOTP links cannot name an encoder')
  }
  // mOTP and Yandex are named because people meet them; both need a PIN scheme we do not implement.
  const hint = UNSUPPORTED_TYPES.includes(type) ? ' (it needs a PIN Twofold does not handle)' : ''
  throw unsupported(
    'type',
    `${describeName('type', type)} is not supported${hint}; Twofold supports TOTP, HOTP and Steam Guard`,
  )
}

function decodeLabel(path: string): string {
  let label: string
  try {
    label = decodeURIComponent(path.replace(/^\//, ''))
  } catch {
    throw invalidUri('label', 'the account label is not correctly percent-encoded')
  }
  // Unpaired surrogates could be shown but never written back into a link; refuse them up front.
  if (!label.isWellFormed()) throw invalidUri('label', 'the account label is not valid text')
  return label
}

/** Whole decimal numbers only: "6.0", "+6", "0x6" and " 6" are typos, not sixes. */
function readWholeNumber(field: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined
  if (!/^[0-9]{1,16}$/.test(text)) {
    throw invalidParameter(field, `${field} must be a whole number`)
  }
  return Number(text)
}

function readOtpParameters(
  type: OtpAuthAccount['type'],
  params: QueryParameters,
): TotpParameters | (HotpParameters & { counter: number }) | SteamParameters {
  // Steam fixes these; exporters write them inconsistently, so they are not read at all.
  if (type === 'steam') return STEAM_PARAMETERS
  const algorithmText = params.single('algorithm')
  const algorithm: OtpAlgorithm = algorithmText === undefined ? 'SHA1' : parseAlgorithm(algorithmText)
  const digits = checkDigits(readWholeNumber('digits', params.single('digits')) ?? DEFAULT_DIGITS)
  if (type === 'totp') {
    const period = checkPeriod(readWholeNumber('period', params.single('period')) ?? DEFAULT_PERIOD)
    return { type, algorithm, digits, period }
  }
  // A missing counter means a token that has not been used yet; resynchronising fixes any other case.
  const counter = checkCounter(readWholeNumber('counter', params.single('counter')) ?? 0)
  return { type, algorithm, digits, counter }
}

/**
 * `issuer=` wins. When it is present, a label prefix equal to it (ignoring case and surrounding spaces)
 * is removed; a different prefix stays part of the account name, so nothing the label said is lost.
 * Without `issuer=`, text before the label's first colon is the issuer.
 */
function splitLabel(label: string, issuerParameter: string): { issuer: string; accountName: string } {
  if (issuerParameter !== '') {
    const wanted = issuerParameter.toLowerCase()
    for (let colon = label.indexOf(':'); colon !== -1; colon = label.indexOf(':', colon + 1)) {
      if (label.slice(0, colon).trim().toLowerCase() === wanted) {
        return { issuer: issuerParameter, accountName: label.slice(colon + 1).trim() }
      }
    }
    return { issuer: issuerParameter, accountName: label.trim() }
  }
  const colon = label.indexOf(':')
  if (colon === -1) return { issuer: '', accountName: label.trim() }
  return { issuer: label.slice(0, colon).trim(), accountName: label.slice(colon + 1).trim() }
}

function checkLabelPart(field: 'issuer' | 'accountName', value: unknown): string {
  if (typeof value !== 'string' || !value.isWellFormed()) {
    throw invalidUri(field, `${field} must be text without unpaired surrogate characters`)
  }
  return value.trim()
}
