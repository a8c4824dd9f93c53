import { describe, expect, it } from 'vitest'
import { TwofoldError } from '../../../electron/core/errors.ts'
import { validateDefaultRegion } from '../../../electron/core/phone/default-region.ts'
import { normalizePhone } from '../../../electron/core/phone/normalize-phone.ts'

function refusal(code: string): TwofoldError {
  try {
    validateDefaultRegion(code)
  } catch (error) {
    if (error instanceof TwofoldError) return error
    throw error
  }
  throw new Error(`"${code}" was accepted`)
}

describe('validateDefaultRegion', () => {
  it('accepts ISO country codes in any case and returns them upper-cased', () => {
    expect(validateDefaultRegion('US')).toBe('US')
    expect(validateDefaultRegion(' gb ')).toBe('GB')
    expect(validateDefaultRegion('br')).toBe('BR')
  })

  it('refuses UK, pointing to GB', () => {
    const error = refusal('UK')
    expect(error.code).toBe('invalid-request')
    expect(error.message).toMatch(/GB, not UK/)
  })

  it('refuses anything that is not a two-letter code, and codes no country has', () => {
    expect(refusal('USA').message).toMatch(/two-letter country code/)
    expect(refusal('').message).toMatch(/two-letter country code/)
    expect(refusal('ZZ').message).toMatch(/ZZ is not a country code we know/)
  })

  it('marks the error as the default-region field', () => {
    expect(refusal('ZZ').extra.field).toBe('defaultRegion')
  })

  it('is checked by normalizePhone too, even for numbers that start with +', () => {
    expect(() => normalizePhone('+14155550123', 'UK')).toThrow(/GB, not UK/)
  })
})
