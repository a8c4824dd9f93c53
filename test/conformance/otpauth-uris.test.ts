import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseOtpAuthUri } from '../../electron/core/engine/otpauth-uri.ts'
import { encodeBase32Secret } from '../../electron/core/engine/secret-text.ts'
import { fixture, thirdPartyAvailable } from './third-party-fixtures.ts'

interface AegisVector {
  type: 'totp' | 'hotp' | 'steam'
  secret: string
  algo: string
  digits: number
  period?: number
  counter?: number
  name: string
  issuer: string
}

const available = thirdPartyAvailable()

describe.skipIf(!available)('otpauth links exported by other apps', () => {
  it("reads Aegis's plain URI export exactly as Aegis's own test vectors describe it", () => {
    const { vectors } = JSON.parse(readFileSync(fixture('aegis/expected_vectors.json'), 'utf8')) as {
      vectors: AegisVector[]
    }
    const lines = readFileSync(fixture('aegis/importers/plain.txt'), 'utf8')
      .split('\n')
      .filter((line) => line.trim())
    expect(lines).toHaveLength(7)
    for (const line of lines) {
      const parsed = parseOtpAuthUri(line)
      const base32 = encodeBase32Secret(parsed.secret)
      const expected = vectors.find((vector) => vector.secret === base32)
      expect(expected, `no Aegis vector for ${parsed.issuer}:${parsed.accountName}`).toBeDefined()
      if (!expected) continue
      expect(parsed).toMatchObject({
        type: expected.type,
        issuer: expected.issuer,
        accountName: expected.name,
        digits: expected.digits,
        algorithm: expected.algo,
        ...(expected.type === 'hotp' ? { counter: expected.counter } : { period: expected.period }),
      })
    }
  })

  it('reads the otpauth links extract_otp_secrets produced from a Google Authenticator export', () => {
    const lines = readFileSync(fixture('google-migration/url_list_output.txt'), 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('otpauth://'))
    expect(lines.length).toBeGreaterThan(0)
    const parsed = lines.map((line) => parseOtpAuthUri(line))
    expect(parsed[0]).toMatchObject({ type: 'totp', issuer: 'raspberrypi', accountName: 'pi@raspberrypi' })
    expect(parsed.find((entry) => entry.type === 'hotp')).toMatchObject({
      accountName: 'hotp demo',
      counter: 4,
    })
    expect(parsed.some((entry) => entry.accountName.includes('¿äÄéÉ?'))).toBe(true)
  })
})
