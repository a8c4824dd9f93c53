import { getCountries, getCountryCallingCode } from 'libphonenumber-js/max'

/**
 * The masked form windows show until a person asks for the whole number: the country calling code
 * and the last few digits, e.g. `+44 ••• ••• 3456`. It is plain string work over E.164 (no
 * parsing), because posture rules mask numbers for thousands of accounts on every change. It never
 * throws: anything that is not E.164 is masked down to its last two digits.
 */
export function maskPhoneNumber(e164: string): string {
  const digits = /^\+(\d{4,15})$/.exec(e164)?.[1]
  if (digits === undefined) {
    const anyDigits = e164.replace(/\D/g, '')
    return `${bullets(Math.max(anyDigits.length - 2, 3))} ${anyDigits.slice(-2)}`.trim()
  }
  const callingCode = callingCodeOf(digits)
  const national = digits.slice(callingCode.length)
  const shown = visibleDigits(national.length)
  const hidden = bullets(national.length - shown)
  return `+${callingCode}${hidden === '' ? '' : ` ${hidden}`} ${national.slice(-shown)}`
}

/**
 * Enough digits to tell a team's numbers apart in a list, never more than about a third of the
 * subscriber number.
 */
function visibleDigits(nationalLength: number): number {
  if (nationalLength >= 10) return 4
  if (nationalLength >= 7) return 3
  return Math.min(2, nationalLength)
}

/** Grouped in threes so a masked number still reads like a number. */
function bullets(count: number): string {
  const groups: string[] = []
  let left = count
  while (left > 4) {
    groups.push('•••')
    left -= 3
  }
  if (left > 0) groups.push('•'.repeat(left))
  return groups.join(' ')
}

/**
 * Calling codes are prefix-free (ITU E.164), so the first 1–3 digits that name a known code are the
 * code. Non-geographic codes (free phone, satellite, …) belong to no country, hence the fixed list.
 */
function callingCodeOf(digits: string): string {
  const known = callingCodes()
  for (const length of [1, 2, 3]) {
    const candidate = digits.slice(0, length)
    if (known.has(candidate)) return candidate
  }
  return digits.slice(0, 1)
}

const NON_GEOGRAPHIC_CALLING_CODES = ['800', '808', '870', '878', '881', '882', '883', '888', '979']
let knownCallingCodes: ReadonlySet<string> | undefined

function callingCodes(): ReadonlySet<string> {
  knownCallingCodes ??= new Set([
    ...getCountries().map((country) => getCountryCallingCode(country)),
    ...NON_GEOGRAPHIC_CALLING_CODES,
  ])
  return knownCallingCodes
}
