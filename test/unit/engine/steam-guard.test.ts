import { describe, expect, it } from 'vitest'
import { generateCode, generateTimeCode } from '../../../electron/core/engine/generate-code.ts'
import { STEAM_PARAMETERS } from '../../../electron/core/engine/otp-parameters.ts'
import { parseOtpAuthUri } from '../../../electron/core/engine/otpauth-uri.ts'
import { PreparedSecret } from '../../../electron/core/engine/prepared-secret.ts'
import { decodeBase32Secret } from '../../../electron/core/engine/secret-text.ts'
import { STEAM_ALPHABET } from '../../../electron/core/engine/steam-guard.ts'
import { verifyTimeCode } from '../../../electron/core/engine/verify-code.ts'
import { expectTwofoldError, referenceTruncatedValue } from './engine-test-helpers.ts'

// Public vector from KeePassXC's tests (tests/TestTotp.cpp), also used by Authenticator Pro.
const KNOWN_SECRET = '63BEDWCQZKTQWPESARIERL5DTTQFCJTK'
const KNOWN_CODES = [
  { unixTime: 1511200518, code: 'FR8RV' },
  { unixTime: 1511200714, code: '9P3VP' },
]

/** Steam's encoding spelled out independently of the engine: base 26, least significant first. */
function referenceSteamCode(key: Uint8Array, unixTime: number): string {
  let value = referenceTruncatedValue(key, Math.floor(unixTime / 30), 'sha1')
  const alphabet = '23456789BCDFGHJKMNPQRTVWXY'
  let code = ''
  for (let i = 0; i < 5; i++) {
    code += alphabet.charAt(value % 26)
    value = Math.floor(value / 26)
  }
  return code
}

describe('Steam Guard codes', () => {
  const secret = PreparedSecret.fromBase32(STEAM_PARAMETERS, KNOWN_SECRET)

  it('uses Steam’s 26-symbol alphabet', () => {
    expect(STEAM_ALPHABET).toBe('23456789BCDFGHJKMNPQRTVWXY')
  })

  for (const { unixTime, code } of KNOWN_CODES) {
    it(`gives ${code} at ${unixTime} s, as KeePassXC and an independent HMAC computation do`, () => {
      expect(referenceSteamCode(decodeBase32Secret(KNOWN_SECRET), unixTime)).toBe(code)
      expect(generateTimeCode(secret, unixTime * 1000)).toBe(code)
    })
  }

  it('matches the independent computation across many periods, only ever using the alphabet', () => {
    const key = decodeBase32Secret(KNOWN_SECRET)
    for (let step = 0; step < 500; step++) {
      const unixTime = 1_700_000_000 + step * 30
      const code = generateTimeCode(secret, unixTime * 1000)
      expect(code).toBe(referenceSteamCode(key, unixTime))
      expect(code).toMatch(/^[23456789BCDFGHJKMNPQRTVWXY]{5}$/)
    }
  })

  it('reads both ways exporters write Steam accounts and gives the same code', () => {
    const nowMs = KNOWN_CODES[0]!.unixTime * 1000
    for (const uri of [
      `otpauth://steam/Steam:gaben?secret=${KNOWN_SECRET}&issuer=Steam`,
      `otpauth://totp/Valve:gaben?secret=${KNOWN_SECRET}&issuer=Valve&algorithm=SHA1&digits=5&period=30&encoder=steam`,
    ]) {
      const account = parseOtpAuthUri(uri)
      expect(account.type).toBe('steam')
      expect(generateCode(PreparedSecret.fromBytes(STEAM_PARAMETERS, account.secret), { nowMs })).toBe(
        'FR8RV',
      )
    }
  })

  it('accepts a code typed in lower case with spaces', () => {
    expect(verifyTimeCode(secret, 'fr8 rv', KNOWN_CODES[0]!.unixTime * 1000)).toEqual({
      timeStep: Math.floor(KNOWN_CODES[0]!.unixTime / 30),
      delta: 0,
    })
  })

  it('refuses a typed code that cannot be a Steam code, without repeating it', () => {
    for (const typed of ['FR8R', 'FR8RVX', 'FR0RV', '12345']) {
      const error = expectTwofoldError(() => verifyTimeCode(secret, typed, 0), 'invalid-code', 'code')
      expect(error.message).not.toContain(typed)
    }
  })

  it('refuses Steam parameters other than SHA1, 5 characters and 30 seconds', () => {
    const wrongDigits = { ...STEAM_PARAMETERS, digits: 6 } as unknown as typeof STEAM_PARAMETERS
    expectTwofoldError(
      () => PreparedSecret.fromBase32(wrongDigits, KNOWN_SECRET),
      'invalid-otp-parameters',
      'digits',
    )
  })
})
