import { describe, expect, it } from 'vitest'
import { isTwofoldError } from '../../../electron/core/errors.ts'
import {
  normalizeBackupCode,
  parseBackupCodes,
} from '../../../electron/core/backup-codes/parse-backup-codes.ts'

/** The message of the `invalid-request` error the paste is refused with. */
function refusal(text: string, expectedLength: number | null = null): string {
  try {
    parseBackupCodes(text, { expectedLength })
  } catch (error) {
    if (isTwofoldError(error, 'invalid-request')) return error.message
    throw error
  }
  throw new Error('the paste was accepted')
}

const instagramCodes = ['12345678', '23456789', '34567890', '45678901', '56789012']

describe('parseBackupCodes reads the layouts real services show', () => {
  it('Instagram: five 8-digit codes written "1234 5678", one per line', () => {
    const pasted = '1234 5678\n2345 6789\n3456 7890\n4567 8901\n5678 9012\n'
    expect(parseBackupCodes(pasted, { expectedLength: 8 })).toEqual(instagramCodes)
  })

  it('Instagram codes copied onto one line, single spaces throughout', () => {
    const pasted = '1234 5678 2345 6789 3456 7890 4567 8901 5678 9012'
    expect(parseBackupCodes(pasted, { expectedLength: 8 })).toEqual(instagramCodes)
  })

  it('Google: ten numbered codes in two columns, read row by row', () => {
    const pasted = [
      ' 1. 1111 2222\t\t 6. 6666 7777',
      ' 2. 2222 3333\t\t 7. 7777 8888',
      ' 3. 3333 4444\t\t 8. 8888 9999',
      ' 4. 4444 5555\t\t 9. 9999 0000',
      ' 5. 5555 6666\t\t10. 0000 1111',
    ].join('\r\n')
    expect(parseBackupCodes(pasted, { expectedLength: 8 })).toEqual([
      '11112222',
      '66667777',
      '22223333',
      '77778888',
      '33334444',
      '88889999',
      '44445555',
      '99990000',
      '55556666',
      '00001111',
    ])
  })

  it('Google columns copied with single spaces, list numbers between the codes', () => {
    expect(parseBackupCodes('1. 1111 2222 6. 6666 7777', { expectedLength: 8 })).toEqual([
      '11112222',
      '66667777',
    ])
  })

  it('X: one 12-character code, letters upper-cased', () => {
    expect(parseBackupCodes('  a1b2c3d4e5f6  ', { expectedLength: 12 })).toEqual(['A1B2C3D4E5F6'])
  })

  it('codes with a dash in the middle, bullets and brackets', () => {
    expect(parseBackupCodes('• 1234-5678\n- 2345-6789\n(3) 3456–7890', { expectedLength: 8 })).toEqual([
      '12345678',
      '23456789',
      '34567890',
    ])
  })

  it('several per line, separated by commas, semicolons, tabs or wide gaps', () => {
    expect(
      parseBackupCodes('12345678, 23456789;34567890\t45678901    56789012', { expectedLength: 8 }),
    ).toEqual(instagramCodes)
  })

  it('skips blank lines and sentences without digits', () => {
    const pasted =
      'Keep these backup codes somewhere safe but accessible.\n\n1234 5678\n(you@example.com)\n2345 6789\n'
    expect(parseBackupCodes(pasted, { expectedLength: 8 })).toEqual(['12345678', '23456789'])
  })

  it('reads full-width digits and invisible characters from web pages', () => {
    expect(parseBackupCodes('１２３４ ５６７８\u200B', { expectedLength: 8 })).toEqual(['12345678'])
  })
})

describe('parseBackupCodes without an expected length', () => {
  it('joins short groups into one code when they make 6–12 characters', () => {
    expect(parseBackupCodes('1234 5678')).toEqual(['12345678'])
    expect(parseBackupCodes('abc def')).toEqual(['ABCDEF'])
    expect(parseBackupCodes('1234 5678 9012')).toEqual(['123456789012'])
  })

  it('pairs short groups when the whole line is too long for one code', () => {
    expect(parseBackupCodes('1234 5678 2345 6789')).toEqual(['12345678', '23456789'])
  })

  it('keeps groups of 6 or more characters apart: they are whole codes', () => {
    expect(parseBackupCodes('12345678 23456789')).toEqual(['12345678', '23456789'])
    expect(parseBackupCodes('123456 789012')).toEqual(['123456', '789012'])
  })

  it('keeps short groups apart when neither the whole nor pairs make a code length', () => {
    expect(parseBackupCodes('1234 5678 9012 3456 7890')).toEqual(['1234', '5678', '9012', '3456', '7890'])
  })

  it('always joins across a dash', () => {
    expect(parseBackupCodes('1a2b3-4c5d6\n7e8f9-0a1b2')).toEqual(['1A2B34C5D6', '7E8F90A1B2'])
  })
})

describe('parseBackupCodes refuses, naming the position but never the code', () => {
  it('refuses a code of the wrong length', () => {
    const message = refusal('1234 5678\n2345 678\n3456 7890', 8)
    expect(message).toMatch(/^Code 2 \(line 2\) has 7 characters, but these backup codes have 8\./)
    expect(message).not.toContain('2345678')
  })

  it('refuses an 8-character code where X expects 12', () => {
    expect(refusal('a1b2c3d4', 12)).toMatch(
      /^Code 1 \(line 1\) has 8 characters, but these backup codes have 12/,
    )
  })

  it('refuses a repeated code, naming both positions', () => {
    const message = refusal('98765432\n12345678\n9876 5432', 8)
    expect(message).toMatch(/^Code 3 \(line 3\) is the same as code 1;/)
    expect(message).not.toContain('98765432')
    expect(refusal('abcd-efgh, ABCD EFGH')).toMatch(/^Code 2 \(line 1\) is the same as code 1;/)
  })

  it('refuses a line with digits and characters codes never contain', () => {
    const message = refusal('1234 5678\nCreated: Jan 5, 2025', 8)
    expect(message).toBe('Line 2 has characters that backup codes never contain; paste only the codes.')
  })

  it('refuses a heading of plain words when the length is known', () => {
    expect(refusal('SAVE YOUR BACKUP CODES\n1234 5678', 8)).toMatch(/^Code 2 \(line 1\) has 6 characters/)
  })

  it('refuses a paste with no codes', () => {
    expect(refusal('')).toBe('No backup codes were found in the pasted text.')
    expect(refusal('\n  \nPaste your codes here.\n')).toBe('No backup codes were found in the pasted text.')
  })

  it('refuses an expected length that is not a whole number from 1 to 64', () => {
    expect(refusal('12345678', 0)).toMatch(/whole number from 1 to 64/)
    expect(refusal('12345678', 8.5)).toMatch(/whole number from 1 to 64/)
  })
})

describe('normalizeBackupCode', () => {
  it('drops spaces and dashes and upper-cases, so a typed code compares with a saved one', () => {
    expect(normalizeBackupCode('1234 5678')).toBe('12345678')
    expect(normalizeBackupCode(' abcd-efgh ')).toBe('ABCDEFGH')
    expect(normalizeBackupCode('a1b2 c3d4–e5f6')).toBe('A1B2C3D4E5F6')
    expect(normalizeBackupCode('１２３４\u00A05678')).toBe('12345678')
  })
})
