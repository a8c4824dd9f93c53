import { type CountryCode, isSupportedCountry } from 'libphonenumber-js/max'
import { TwofoldError } from '../errors.ts'

/**
 * The region a number typed without `+` belongs to, as an ISO 3166 code ('US', 'GB', 'DE'). A bad
 * code is a settings mistake, not a bad phone number, so it is refused as `invalid-request` on the
 * `defaultRegion` field.
 */
export function validateDefaultRegion(code: string): CountryCode {
  const upper = code.trim().toUpperCase()
  // People reach for 'UK' far more often than for any other non-ISO code.
  if (upper === 'UK') throw regionError('The United Kingdom’s region code is GB, not UK.')
  if (!/^[A-Z]{2}$/.test(upper)) {
    throw regionError('A region is a two-letter country code such as US, GB or DE.')
  }
  if (!isSupportedCountry(upper)) throw regionError(`${upper} is not a country code we know.`)
  return upper
}

export function regionName(code: CountryCode): string {
  return displayNames.of(code) ?? code
}

const displayNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' })

function regionError(message: string): TwofoldError {
  return new TwofoldError('invalid-request', message, { field: 'defaultRegion' })
}
