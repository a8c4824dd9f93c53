import { inspect } from 'node:util'
import { describe, expect, it } from 'vitest'
import { generateHotpCode, generateTimeCode } from '../../../electron/core/engine/generate-code.ts'
import type { OtpParameters, TotpParameters } from '../../../electron/core/engine/otp-parameters.ts'
import { PreparedSecret, wipeAll } from '../../../electron/core/engine/prepared-secret.ts'
import { verifyTimeCode } from '../../../electron/core/engine/verify-code.ts'
import { expectTwofoldError } from './engine-test-helpers.ts'

const PARAMS: TotpParameters = { type: 'totp', algorithm: 'SHA1', digits: 8, period: 30 }
const SEED = () => new TextEncoder().encode('12345678901234567890')

describe('PreparedSecret', () => {
  it('keeps its own copy of the key: changing the caller’s buffer changes nothing', () => {
    const buffer = SEED()
    const secret = PreparedSecret.fromBytes(PARAMS, buffer)
    buffer.fill(0)
    expect(generateTimeCode(secret, 59_000)).toBe('94287082')
  })

  it('decodes Base32 to the same key as the bytes', () => {
    const secret = PreparedSecret.fromBase32(PARAMS, 'gezd gnbv gy3t qojq gezd gnbv gy3t qojq')
    expect(generateTimeCode(secret, 59_000)).toBe('94287082')
  })

  it('zeroes the key when wiped and then refuses to make codes as the vault is locked', () => {
    const secret = PreparedSecret.fromBytes(PARAMS, SEED())
    const lent = secret.useKey((key) => key) // only a test holds on to the lent key
    secret.wipe()
    expect(secret.wiped).toBe(true)
    expect([...lent].every((byte) => byte === 0)).toBe(true)
    expectTwofoldError(() => generateTimeCode(secret, 59_000), 'vault-locked')
    expectTwofoldError(() => verifyTimeCode(secret, '94287082', 59_000), 'vault-locked')
    secret.wipe() // a second lock must not throw
  })

  it('wipes every secret of a vault at once', () => {
    const secrets = [
      PreparedSecret.fromBytes(PARAMS, SEED()),
      PreparedSecret.fromBytes({ type: 'hotp', algorithm: 'SHA1', digits: 6 }, SEED()),
    ]
    wipeAll(secrets)
    expect(secrets.every((secret) => secret.wiped)).toBe(true)
    expectTwofoldError(() => generateHotpCode(secrets[1] as never, 0), 'vault-locked')
  })

  it('never shows the key in JSON, logs or IPC copies', () => {
    const secret = PreparedSecret.fromBytes(PARAMS, SEED())
    const seedText = '12345678901234567890'
    const bytesText = [...SEED()].join(',')
    const views = [
      JSON.stringify(secret),
      inspect(secret, { showHidden: true, depth: 5 }),
      JSON.stringify(structuredClone(secret)),
    ]
    for (const view of views) {
      expect(view).not.toContain(seedText)
      expect(view.replace(/\s/g, '')).not.toContain(bytesText)
    }
    expect(JSON.parse(JSON.stringify(secret))).toEqual({ params: PARAMS, wiped: false })
  })

  it('keeps only the known parameters, frozen', () => {
    const extra = { ...PARAMS, label: 'x', counter: 4 } as TotpParameters
    const secret = PreparedSecret.fromBytes(extra, SEED())
    expect(secret.params).toEqual(PARAMS)
    expect(Object.isFrozen(secret.params)).toBe(true)
  })

  const bad: [string, unknown, string, string][] = [
    ['3 digits', { ...PARAMS, digits: 3 }, 'invalid-otp-parameters', 'digits'],
    ['11 digits', { ...PARAMS, digits: 11 }, 'invalid-otp-parameters', 'digits'],
    ['period 0', { ...PARAMS, period: 0 }, 'invalid-otp-parameters', 'period'],
    ['period -30', { ...PARAMS, period: -30 }, 'invalid-otp-parameters', 'period'],
    ['period of a day', { ...PARAMS, period: 86_400 }, 'invalid-otp-parameters', 'period'],
    ['MD5', { ...PARAMS, algorithm: 'MD5' }, 'invalid-otp-parameters', 'algorithm'],
    [
      'lower-case sha1 in a stored record',
      { ...PARAMS, algorithm: 'sha1' },
      'invalid-otp-parameters',
      'algorithm',
    ],
    ['mOTP', { type: 'motp' }, 'unsupported-otp-type', 'type'],
    ['Yandex', { type: 'yandex' }, 'unsupported-otp-type', 'type'],
  ]
  for (const [name, params, code, field] of bad) {
    it(`refuses ${name}, naming ${field}`, () => {
      expectTwofoldError(
        () => PreparedSecret.fromBytes(params as OtpParameters, SEED()),
        code as never,
        field,
      )
    })
  }

  it('refuses an empty or oversized key, naming secret', () => {
    expectTwofoldError(() => PreparedSecret.fromBytes(PARAMS, new Uint8Array(0)), 'invalid-secret', 'secret')
    expectTwofoldError(
      () => PreparedSecret.fromBytes(PARAMS, new Uint8Array(1025)),
      'invalid-secret',
      'secret',
    )
  })

  it('accepts the 10-byte secrets many services issue', () => {
    const secret = PreparedSecret.fromBase32({ ...PARAMS, digits: 6 }, 'JBSWY3DPEHPK3PXP')
    expect(generateTimeCode(secret, 0)).toMatch(/^\d{6}$/)
  })
})
