import { describe, expect, it } from 'vitest'
import { isTwofoldError } from '../../../electron/core/errors.ts'
import { normalizePhone } from '../../../electron/core/phone/normalize-phone.ts'

/** The message of the `invalid-phone` error the input is refused with. */
function refusal(input: string, region: string | null): string {
  try {
    normalizePhone(input, region)
  } catch (error) {
    if (isTwofoldError(error, 'invalid-phone')) return error.message
    throw error
  }
  throw new Error(`"${input}" was accepted`)
}

describe('normalizePhone accepts numbers as people write them', () => {
  it.each([
    ['US', '(415) 555-0123', '+14155550123', '(415) 555-0123'],
    ['US', '415.555.0123', '+14155550123', '(415) 555-0123'],
    ['US', '+1 415 555 0123', '+14155550123', '(415) 555-0123'],
    ['GB', '020 7946 0958', '+442079460958', '020 7946 0958'],
    ['GB', '07400 123456', '+447400123456', '07400 123456'],
    ['DE', '030 123456', '+4930123456', '030 123456'],
    ['DE', '030/123456', '+4930123456', '030 123456'],
    ['DE', '0151 23456789', '+4915123456789', '01512 3456789'],
    ['IN', '98765 43210', '+919876543210', '098765 43210'],
    ['IN', '+91-98765-43210', '+919876543210', '098765 43210'],
    ['BR', '(11) 91234-5678', '+5511912345678', '(11) 91234-5678'],
  ])('in %s: %s', (region, input, e164, national) => {
    expect(normalizePhone(input, region)).toMatchObject({ e164, country: region, national })
  })

  it('reads a leading 00 as the international prefix, with or without a default region', () => {
    expect(normalizePhone('0044 20 7946 0958').e164).toBe('+442079460958')
    expect(normalizePhone('0044 20 7946 0958', 'US')).toMatchObject({ e164: '+442079460958', country: 'GB' })
  })

  it("lets a + number from abroad override the default region, and knows the region's own exit code", () => {
    expect(normalizePhone('+49 151 23456789', 'US').country).toBe('DE')
    expect(normalizePhone('011 44 20 7946 0958', 'US').e164).toBe('+442079460958')
  })

  it('accepts a lower-case region, full-width digits and typographic dashes', () => {
    expect(normalizePhone('０２０ ７９４６ ０９５８', 'gb').e164).toBe('+442079460958')
    expect(normalizePhone('415–555–0123', 'us').e164).toBe('+14155550123')
  })

  it('gives no country for numbers that belong to none', () => {
    expect(normalizePhone('+800 1234 5678')).toMatchObject({ e164: '+80012345678', country: null })
  })

  it('masks all but the last few digits, keeping the country code', () => {
    expect(normalizePhone('+44 20 7946 0958').masked).toBe('+44 ••• ••• 0958')
    expect(normalizePhone('+1 415 555 0123').masked).toBe('+1 ••• ••• 0123')
    expect(normalizePhone('030 123456', 'DE').masked).toBe('+49 ••• •• 456')
  })
})

describe('normalizePhone refuses, saying why', () => {
  it.each([
    ['US', '415 555', /too short for a \+1 \(United States\) number/],
    ['US', '415 555 0123 4567', /too long for a \+1 \(United States\) number/],
    ['US', '+1 555 555 5555', /not a valid \+1 \(United States\) number/],
    ['GB', '+44 1234', /too short for a \+44 \(United Kingdom\) number/],
    ['GB', '020 7946 0958 12', /too long for a \+44 \(United Kingdom\) number/],
    ['GB', '7400 12345', /not a valid \+44 \(United Kingdom\) number.*start it with \+/],
    ['DE', '+49 1234567890123456', /too long for a \+49 \(Germany\) number/],
    ['DE', '0151 234', /not a valid \+49 \(Germany\) number/],
    ['IN', '98765 4321', /not a valid \+91 \(India\) number/],
    ['IN', '+91 98765', /too short for a \+91 \(India\) number/],
    ['BR', '(11) 1234-5678', /not a valid \+55 \(Brazil\) number/],
    ['BR', '(11) 91234-56789', /too long for a \+55 \(Brazil\) number/],
    ['BR', '11 9123', /too short for a \+55 \(Brazil\) number/],
  ])('in %s: %s', (region, input, why) => {
    expect(refusal(input, region)).toMatch(why)
  })

  it('refuses an unknown country code', () => {
    expect(refusal('+999 123 4567', null)).toMatch(/No country uses the country code/)
  })

  it('refuses letters, even in the vanity style', () => {
    expect(refusal('1-800-FLOWERS', 'US')).toMatch(/has letters in it/)
    expect(refusal('+44 20 7946 0958 ext 12', 'GB')).toMatch(/has letters in it/)
  })

  it('refuses a number without + when no default region is set', () => {
    expect(refusal('415 555 0123', null)).toMatch(/No default region is set.*start it with \+/)
  })

  it('refuses a + anywhere but first, and symbols no number has', () => {
    expect(refusal('415+555 0123', 'US')).toMatch(/A \+ may only come first/)
    expect(refusal('#415 555 0123', 'US')).toMatch(/only digits, spaces, dashes, dots, brackets/)
  })

  it('refuses empty input and input without digits', () => {
    expect(refusal('   ', 'US')).toMatch(/No phone number was entered/)
    expect(refusal('( ) -', 'US')).toMatch(/no digits/)
    expect(refusal('1', 'US')).toMatch(/too short/)
  })

  it('never repeats the number in its message', () => {
    for (const [input, region] of [
      ['415 555 0123 4567', 'US'],
      ['+1 555 555 5555', null],
      ['7400 12345', 'GB'],
    ] as const) {
      expect(refusal(input, region).replace(/\D/g, '')).not.toContain(input.replace(/\D/g, '').slice(-4))
    }
  })
})
