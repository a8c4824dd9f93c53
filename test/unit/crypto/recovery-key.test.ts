import { describe, expect, it } from 'vitest'
import {
  formatRecoveryKey,
  generateRecoveryKey,
  parseRecoveryKey,
  recoveryKeysMatch,
} from '../../../electron/core/crypto/recovery-key.ts'
import { isTwofoldError } from '../../../electron/core/errors.ts'

describe('recovery keys', () => {
  it('are 160 random bits shown as eight groups of four', () => {
    const { bytes, text } = generateRecoveryKey()
    expect(bytes).toHaveLength(20)
    expect(text).toMatch(/^([A-Z2-7]{4}-){7}[A-Z2-7]{4}$/)
    expect(generateRecoveryKey().text).not.toBe(text)
  })

  it('read back whatever way a person types them: lower case, spaces, no dashes', () => {
    const { bytes, text } = generateRecoveryKey()
    expect(parseRecoveryKey(text).equals(bytes)).toBe(true)
    expect(parseRecoveryKey(text.toLowerCase().replaceAll('-', ' ')).equals(bytes)).toBe(true)
    expect(parseRecoveryKey(text.replaceAll('-', '')).equals(bytes)).toBe(true)
    expect(recoveryKeysMatch(text, ` ${text.toLowerCase()} `)).toBe(true)
  })

  it('encodes known bytes in RFC 4648 Base32', () => {
    const bytes = Buffer.from('Hello!\xde\xad\xbe\xef0123456789', 'latin1').subarray(0, 20)
    expect(formatRecoveryKey(bytes).replaceAll('-', '')).toBe('JBSWY3DPEHPK3PXPGAYTEMZUGU3DOOBZ')
  })

  it('refuses a key with a wrong letter count or characters Base32 does not use', () => {
    const { text } = generateRecoveryKey()
    for (const bad of [text.slice(0, -1), `${text}A`, text.replace(/[A-Z]/, '1'), '']) {
      try {
        parseRecoveryKey(bad)
        throw new Error('expected a refusal')
      } catch (error) {
        expect(isTwofoldError(error, 'wrong-recovery-key')).toBe(true)
      }
    }
    expect(recoveryKeysMatch(text, text.slice(0, -1))).toBe(false)
  })
})
