import {
  type CountryCode,
  type PhoneNumber,
  getCountryCallingCode,
  parsePhoneNumberWithError,
  validatePhoneNumberLength,
} from 'libphonenumber-js/max'
import { TwofoldError } from '../errors.ts'
import { regionName, validateDefaultRegion } from './default-region.ts'
import { maskPhoneNumber } from './mask-phone.ts'

export interface NormalizedPhone {
  /** The one form stored and compared, e.g. `+442079460958`. */
  e164: string
  /** ISO region the number belongs to, or null for numbers of no country (e.g. +800 free phone). */
  country: string | null
  /** As people of that country write it, e.g. `020 7946 0958`. */
  national: string
  /** What windows show until asked, e.g. `+44 ••• ••• 0958`. */
  masked: string
}

/**
 * Turns a typed number into E.164. `defaultRegion` is the country of numbers typed without `+` or
 * `00`. Validation uses the full ("max") metadata, so a number of the right length that no operator
 * issues is refused too. Messages say why, and never repeat the number.
 */
export function normalizePhone(input: string, defaultRegion: string | null = null): NormalizedPhone {
  const region = defaultRegion === null ? null : validateDefaultRegion(defaultRegion)
  const text = international(compact(input))
  if (!text.startsWith('+') && region === null) {
    throw phoneError(
      'No default region is set, so the number needs its country code: start it with + (e.g. +44 for the United Kingdom).',
    )
  }
  const phone = parse(text, region)
  if (!phone.isValid()) {
    const hint = text.startsWith('+')
      ? ''
      : ' If it is from another country, start it with + and its country code.'
    throw phoneError(
      `This is not a valid ${label(phone, region)} number: none in use starts like that.${hint}`,
    )
  }
  return {
    e164: phone.number,
    country: phone.country ?? null,
    national: phone.formatNational(),
    masked: maskPhoneNumber(phone.number),
  }
}

/** Separators people type (spaces, dashes, dots, brackets, slashes) removed; anything else refused. */
function compact(input: string): string {
  const text = input.normalize('NFKC').trim()
  if (text === '') throw phoneError('No phone number was entered.')
  if (/\p{L}/u.test(text)) throw phoneError('A phone number has only digits, and this one has letters in it.')
  const stripped = text.replace(/[\s\-‐‑‒–—−.()/]/g, '')
  if (!/^\+?\d*$/.test(stripped)) {
    throw phoneError(
      stripped.slice(1).includes('+')
        ? 'A + may only come first, before the country code.'
        : 'A phone number has only digits, spaces, dashes, dots, brackets and a leading +.',
    )
  }
  if (!/\d/.test(stripped)) throw phoneError('The phone number has no digits in it.')
  return stripped
}

/** `00` is the international prefix in most of the world; libphonenumber only knows it per region. */
function international(text: string): string {
  return text.startsWith('00') ? `+${text.slice(2)}` : text
}

/** Parsed, and of a length some number of that country has; the reason in words otherwise. */
function parse(text: string, region: CountryCode | null): PhoneNumber {
  // With a leading +, the number names its own country; the default region only labels messages.
  const parseRegion = text.startsWith('+') || region === null ? undefined : region
  let phone: PhoneNumber
  try {
    phone = parsePhoneNumberWithError(text, parseRegion)
  } catch (error) {
    // The parser's message is one of its reason codes (TOO_SHORT, NOT_A_NUMBER, …), never the input.
    throw phoneError(reason(error instanceof Error ? error.message : '', null, region))
  }
  const problem = validatePhoneNumberLength(text, parseRegion)
  if (problem !== undefined) throw phoneError(reason(problem, phone, region))
  return phone
}

function reason(problem: string, phone: PhoneNumber | null, region: CountryCode | null): string {
  const number = phone === null ? 'a phone number' : `a ${label(phone, region)} number`
  switch (problem) {
    case 'INVALID_COUNTRY':
      return 'No country uses the country code this number starts with.'
    case 'TOO_SHORT':
      return `This is too short for ${number}: digits are missing.`
    case 'TOO_LONG':
      return `This is too long for ${number}: it has extra digits.`
    case 'INVALID_LENGTH':
      return `This has a number of digits that no ${phone === null ? 'phone' : label(phone, region)} number has.`
    default:
      return 'This is not a phone number: it has too few digits.'
  }
}

/**
 * "+55 (Brazil)": the calling code, plus a country name when the number or the default region
 * settles it. Some codes are shared (+1 is the US, Canada and much of the Caribbean), and an invalid
 * number often names no country of its own.
 */
function label(phone: PhoneNumber, region: CountryCode | null): string {
  const country =
    phone.country ??
    onlyPossibleCountry(phone) ??
    (region !== null && getCountryCallingCode(region) === phone.countryCallingCode ? region : undefined)
  return country === undefined
    ? `+${phone.countryCallingCode}`
    : `+${phone.countryCallingCode} (${regionName(country)})`
}

function onlyPossibleCountry(phone: PhoneNumber): CountryCode | undefined {
  const countries = phone.getPossibleCountries()
  return countries.length === 1 ? countries[0] : undefined
}

function phoneError(message: string): TwofoldError {
  return new TwofoldError('invalid-phone', message)
}
