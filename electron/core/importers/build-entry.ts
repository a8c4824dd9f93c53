import {
  checkCounter,
  checkDigits,
  checkPeriod,
  decodeBase32Secret,
  MAX_SECRET_BYTES,
  MIN_SECRET_BYTES,
  parseAlgorithm,
  parseOtpAuthUri,
  STEAM_PARAMETERS,
  type OtpAuthAccount,
  type OtpParameters,
} from '../engine/index.ts'
import { TwofoldError } from '../errors.ts'
import type { ImportedEntry } from './imported-entry.ts'
import { tooLarge, unreadable } from './import-errors.ts'
import {
  MAX_GROUP_CHARS,
  MAX_HANDLE_CHARS,
  MAX_NAME_CHARS,
  MAX_NOTE_CHARS,
  MAX_PHONE_CHARS,
  MAX_TAG_CHARS,
  MAX_TAGS,
} from './import-limits.ts'

// Turns what a reader found into an ImportedEntry, applying the engine's rules and our field caps the
// same way for every format. Everything that can fail is checked before the secret is decoded, and
// a secret decoded before a later failure is wiped, so a refused entry leaves no key behind.

export type OtpKind = 'totp' | 'hotp' | 'steam'

/** The OTP settings as an export states them; absent values take the usual defaults (SHA1, 6, 30, 0). */
export interface OtpFields {
  kind: OtpKind
  algorithm?: string | undefined
  digits?: number | undefined
  period?: number | undefined
  counter?: number | undefined
}

/** Everything but the secret and the OTP settings, as the source names it (untrimmed, unchecked). */
export interface EntryText {
  issuer?: string | undefined
  accountName?: string | undefined
  group?: string | null | undefined
  note?: string | undefined
  tags?: readonly string[] | undefined
}

export type SecretSource = { base32: string } | { bytes: Uint8Array }

/** An entry of a kind Twofold does not generate: listed as failed with this reason, never dropped. */
export function unsupportedKind(kind: string): TwofoldError {
  return new TwofoldError(
    'unsupported-otp-type',
    `${kind} entries are not supported; Twofold generates TOTP, HOTP and Steam Guard codes`,
    { field: 'type' },
  )
}

export function otpEntry(text: EntryText, otp: OtpFields, secret: SecretSource): ImportedEntry {
  const fields = checkEntryText(text)
  const { params, counter } = checkOtpFields(otp)
  const bytes = 'base32' in secret ? decodeBase32Secret(secret.base32) : copySecretBytes(secret.bytes)
  return { ...fields, secret: bytes, params, ...(counter === undefined ? {} : { counter }) }
}

/**
 * An otpauth:// link read by the engine's own parser (one set of rules for links everywhere). `text`
 * fills in what the link leaves empty, such as the item name a password manager shows.
 */
export function entryFromOtpAuthUri(uri: string, text: EntryText = {}): ImportedEntry {
  const account = parseOtpAuthUri(uri)
  try {
    const fields = checkEntryText({
      ...text,
      issuer: account.issuer !== '' ? account.issuer : text.issuer,
      accountName: account.accountName !== '' ? account.accountName : text.accountName,
    })
    return { ...fields, secret: account.secret, ...paramsOfAccount(account) }
  } catch (error) {
    account.secret.fill(0)
    throw error
  }
}

/** Agency CSV rows without a link: the account is real, its authenticator just is not known yet. */
export function entryWithoutSecret(text: EntryText): ImportedEntry {
  return { ...checkEntryText(text), secret: null, params: null }
}

export function checkText(value: string | undefined, max: number, what: string): string | undefined {
  if (value === undefined) return undefined
  if (!value.isWellFormed()) throw unreadable(`${what} is not valid text`)
  const trimmed = value.trim()
  if (trimmed.length > max) throw tooLarge(`${what} is longer than ${max} characters`)
  return trimmed
}

export function checkHandle(value: string | undefined): string | undefined {
  return checkText(value, MAX_HANDLE_CHARS, 'the handle')
}

export function checkPhone(value: string | undefined, what: string): string | undefined {
  return checkText(value, MAX_PHONE_CHARS, what)
}

function checkEntryText(text: EntryText): Omit<ImportedEntry, 'secret' | 'params'> {
  const group = checkText(text.group ?? undefined, MAX_GROUP_CHARS, 'the group name')
  const note = checkText(text.note, MAX_NOTE_CHARS, 'the note')
  const tags = checkTags(text.tags)
  return {
    issuer: checkText(text.issuer, MAX_NAME_CHARS, 'the issuer') ?? '',
    accountName: checkText(text.accountName, MAX_NAME_CHARS, 'the account name') ?? '',
    ...(group === undefined || group === '' ? {} : { group }),
    ...(note === undefined || note === '' ? {} : { note }),
    ...(tags.length === 0 ? {} : { tags }),
  }
}

function checkTags(tags: readonly string[] | undefined): string[] {
  if (tags === undefined) return []
  if (tags.length > MAX_TAGS) throw tooLarge(`it has more than ${MAX_TAGS} tags`)
  const checked = tags.map((tag) => checkText(tag, MAX_TAG_CHARS, 'a tag') ?? '').filter((tag) => tag !== '')
  return [...new Set(checked)]
}

function checkOtpFields(otp: OtpFields): { params: OtpParameters; counter?: number } {
  // Steam fixes everything but the secret; exporters write the rest inconsistently, so it is not read.
  if (otp.kind === 'steam') return { params: STEAM_PARAMETERS }
  const algorithm = parseAlgorithm(otp.algorithm?.trim() || 'SHA1')
  const digits = checkDigits(otp.digits ?? 6)
  if (otp.kind === 'totp') {
    return { params: { type: 'totp', algorithm, digits, period: checkPeriod(otp.period ?? 30) } }
  }
  return { params: { type: 'hotp', algorithm, digits }, counter: checkCounter(otp.counter ?? 0) }
}

function paramsOfAccount(account: OtpAuthAccount): { params: OtpParameters; counter?: number } {
  switch (account.type) {
    case 'steam':
      return { params: STEAM_PARAMETERS }
    case 'totp':
      return {
        params: {
          type: 'totp',
          algorithm: account.algorithm,
          digits: account.digits,
          period: account.period,
        },
      }
    case 'hotp':
      return {
        params: { type: 'hotp', algorithm: account.algorithm, digits: account.digits },
        counter: account.counter,
      }
  }
}

/** Raw key bytes (Google's export): copied so the caller's buffer can be wiped independently. */
function copySecretBytes(bytes: Uint8Array): Uint8Array {
  if (bytes.length < MIN_SECRET_BYTES) {
    throw new TwofoldError('invalid-secret', 'secret is empty', { field: 'secret' })
  }
  if (bytes.length > MAX_SECRET_BYTES) {
    throw new TwofoldError('invalid-secret', `secret is too long (at most ${MAX_SECRET_BYTES} bytes)`, {
      field: 'secret',
    })
  }
  return Uint8Array.from(bytes)
}
