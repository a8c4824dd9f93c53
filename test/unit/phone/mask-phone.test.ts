import { describe, expect, it } from 'vitest'
import { maskPhoneNumber } from '../../../electron/core/phone/mask-phone.ts'

describe('maskPhoneNumber', () => {
  it('keeps the calling code, however many digits it has, and the last digits', () => {
    expect(maskPhoneNumber('+14155550123')).toBe('+1 ••• ••• 0123')
    expect(maskPhoneNumber('+442079460958')).toBe('+44 ••• ••• 0958')
    expect(maskPhoneNumber('+5511912345678')).toBe('+55 ••• •••• 5678')
    expect(maskPhoneNumber('+35312345678')).toBe('+353 ••• •• 678')
  })

  it('shows fewer digits of shorter numbers', () => {
    expect(maskPhoneNumber('+4930123456')).toBe('+49 ••• •• 456')
    expect(maskPhoneNumber('+3761234')).toBe('+376 •• 34')
  })

  it('never throws, and gives little away, for text that is not E.164', () => {
    expect(maskPhoneNumber('')).toBe('•••')
    expect(maskPhoneNumber('0207 946 0958')).toBe('••• ••• ••• 58')
    expect(maskPhoneNumber('not a number')).toBe('•••')
  })
})
