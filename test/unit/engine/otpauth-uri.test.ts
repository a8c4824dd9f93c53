import { describe, expect, it } from 'vitest'
import type { OtpAuthAccount } from '../../../electron/core/engine/otpauth-uri.ts'
import { buildOtpAuthUri, parseOtpAuthUri } from '../../../electron/core/engine/otpauth-uri.ts'
import { decodeBase32Secret } from '../../../electron/core/engine/secret-text.ts'
import type { ErrorCode } from '../../../shared/domain/errors.ts'
import { expectTwofoldError } from './engine-test-helpers.ts'

// Each row's rule number refers to docs/otpauth-uri-policy.md.
const S = 'JBSWY3DPEHPK3PXP'
const KEY = decodeBase32Secret(S)

type Expected = Partial<Omit<OtpAuthAccount, 'secret'>> & Record<string, unknown>

const good: [string, string, Expected][] = [
  [
    'the Key URI Format example',
    `otpauth://totp/Example:alice@google.com?secret=${S}&issuer=Example`,
    {
      type: 'totp',
      issuer: 'Example',
      accountName: 'alice@google.com',
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
    },
  ],
  [
    'upper-case scheme and type (2, 3)',
    `OTPAUTH://TOTP/ACME:john?secret=${S}`,
    { type: 'totp', issuer: 'ACME' },
  ],
  ['surrounding whitespace (1)', `  otpauth://totp/ACME:john?secret=${S}\n`, { accountName: 'john' }],
  [
    '%3A is the issuer separator (6)',
    `otpauth://totp/ACME%3Ajohn?secret=${S}`,
    { issuer: 'ACME', accountName: 'john' },
  ],
  [
    '%3a in lower case too (6)',
    `otpauth://totp/ACME%3a%20john?secret=${S}`,
    { issuer: 'ACME', accountName: 'john' },
  ],
  [
    'label prefix only (7)',
    `otpauth://totp/ACME Co:john@x.com?secret=${S}`,
    { issuer: 'ACME Co', accountName: 'john@x.com' },
  ],
  [
    'later colons belong to the account (7)',
    `otpauth://totp/A:b:c?secret=${S}`,
    { issuer: 'A', accountName: 'b:c' },
  ],
  [
    'leading colon means no issuer (7)',
    `otpauth://totp/:b:c?secret=${S}`,
    { issuer: '', accountName: 'b:c' },
  ],
  ['no issuer at all (7)', `otpauth://totp/john?secret=${S}`, { issuer: '', accountName: 'john' }],
  [
    'issuer parameter only (8)',
    `otpauth://totp/john?secret=${S}&issuer=ACME`,
    { issuer: 'ACME', accountName: 'john' },
  ],
  [
    'matching prefix is removed, ignoring case (8)',
    `otpauth://totp/github:%20octocat?secret=${S}&issuer=GitHub`,
    { issuer: 'GitHub', accountName: 'octocat' },
  ],
  [
    'different prefix: the parameter wins, the label is kept whole (8)',
    `otpauth://totp/Work:alice?secret=${S}&issuer=Google`,
    { issuer: 'Google', accountName: 'Work:alice' },
  ],
  [
    'blank issuer parameter counts as absent (9)',
    `otpauth://totp/A:b?secret=${S}&issuer=%20`,
    { issuer: 'A' },
  ],
  ['+ is a space in parameters (5)', `otpauth://totp/x?secret=${S}&issuer=Big+Corp`, { issuer: 'Big Corp' }],
  ['+ is literal in the label (5)', `otpauth://totp/a+b?secret=${S}`, { accountName: 'a+b' }],
  ['empty label', `otpauth://totp/?secret=${S}&issuer=ACME`, { issuer: 'ACME', accountName: '' }],
  ['no path at all', `otpauth://totp?secret=${S}`, { issuer: '', accountName: '' }],
  ['fragment ignored (4)', `otpauth://totp/x?secret=${S}#ignored`, { type: 'totp' }],
  ['parameter names in any case (10)', `otpauth://totp/x?Secret=${S}&DIGITS=8`, { digits: 8 }],
  [
    'unknown parameters ignored (12)',
    `otpauth://totp/x?secret=${S}&image=https%3A%2F%2Fx&color=red`,
    { type: 'totp' },
  ],
  ['algorithm in lower case (14)', `otpauth://totp/x?secret=${S}&algorithm=sha256`, { algorithm: 'SHA256' }],
  ['algorithm with a hyphen (14)', `otpauth://totp/x?secret=${S}&algorithm=SHA-512`, { algorithm: 'SHA512' }],
  ['4 digits (16)', `otpauth://totp/x?secret=${S}&digits=4`, { digits: 4 }],
  ['10 digits (16)', `otpauth://totp/x?secret=${S}&digits=10`, { digits: 10 }],
  ['period 60 (17)', `otpauth://totp/x?secret=${S}&period=60`, { period: 60 }],
  ['period 3600 (17)', `otpauth://totp/x?secret=${S}&period=3600`, { period: 3600 }],
  ['counter ignored on TOTP (12)', `otpauth://totp/x?secret=${S}&counter=abc`, { type: 'totp' }],
  ['HOTP with counter (18)', `otpauth://hotp/x?secret=${S}&counter=42`, { type: 'hotp', counter: 42 }],
  ['HOTP without counter starts at 0 (18)', `otpauth://hotp/x?secret=${S}`, { type: 'hotp', counter: 0 }],
  ['period ignored on HOTP (12)', `otpauth://hotp/x?secret=${S}&period=0`, { type: 'hotp' }],
  [
    'Steam type (Aegis)',
    `otpauth://steam/Steam:gaben?secret=${S}&issuer=Steam`,
    { type: 'steam', algorithm: 'SHA1', digits: 5, period: 30, issuer: 'Steam', accountName: 'gaben' },
  ],
  [
    'Steam encoder on TOTP (KeePassXC)',
    `otpauth://totp/Valve:gaben?secret=${S}&issuer=Valve&digits=5&encoder=Steam`,
    { type: 'steam', digits: 5, issuer: 'Valve' },
  ],
  [
    'Steam ignores algorithm, digits and period (12)',
    `otpauth://steam/x?secret=${S}&algorithm=MD5&digits=8&period=0`,
    { type: 'steam', algorithm: 'SHA1', digits: 5, period: 30 },
  ],
  ['empty encoder counts as absent', `otpauth://totp/x?secret=${S}&encoder=`, { type: 'totp' }],
  [
    'secret in lower case with spaces and padding (13)',
    `otpauth://totp/x?secret=jbsw+y3dp%20ehpk3pxp%3D%3D`,
    {},
  ],
]

const bad: [string, string, ErrorCode, string][] = [
  ['not a string', 42 as unknown as string, 'invalid-otpauth-uri', 'uri'],
  ['another scheme (2)', `https://example.com/?secret=${S}`, 'invalid-otpauth-uri', 'scheme'],
  ['no scheme', S, 'invalid-otpauth-uri', 'scheme'],
  ['no // (3)', `otpauth:totp/x?secret=${S}`, 'invalid-otpauth-uri', 'type'],
  ['empty type (3)', `otpauth:///x?secret=${S}`, 'invalid-otpauth-uri', 'type'],
  ['too long (1)', `otpauth://totp/${'a'.repeat(9000)}?secret=${S}`, 'invalid-otpauth-uri', 'uri'],
  ['mOTP', `otpauth://motp/x?secret=${S}`, 'unsupported-otp-type', 'type'],
  ['Yandex', `otpauth://yandex/x?secret=${S}`, 'unsupported-otp-type', 'type'],
  ['an unknown type', `otpauth://foo/x?secret=${S}`, 'unsupported-otp-type', 'type'],
  ['mOTP even with a bad secret', 'otpauth://motp/x?secret=0', 'unsupported-otp-type', 'type'],
  ['an unknown encoder', `otpauth://totp/x?secret=${S}&encoder=yandex`, 'unsupported-otp-type', 'encoder'],
  ['an encoder on HOTP', `otpauth://hotp/x?secret=${S}&encoder=steam`, 'unsupported-otp-type', 'encoder'],
  ['a malformed label escape (5)', `otpauth://totp/%E0%A4?secret=${S}`, 'invalid-otpauth-uri', 'label'],
  ['a stray % in the label (5)', `otpauth://totp/100%?secret=${S}`, 'invalid-otpauth-uri', 'label'],
  ['secret twice (11)', `otpauth://totp/x?secret=${S}&secret=GEZDGNBV`, 'invalid-otpauth-uri', 'secret'],
  [
    'digits twice, differently cased (10, 11)',
    `otpauth://totp/x?secret=${S}&digits=6&Digits=8`,
    'invalid-otpauth-uri',
    'digits',
  ],
  ['issuer twice (11)', `otpauth://totp/x?secret=${S}&issuer=A&issuer=B`, 'invalid-otpauth-uri', 'issuer'],
  ['missing secret (13)', 'otpauth://totp/x?issuer=ACME', 'invalid-secret', 'secret'],
  ['empty secret (13)', 'otpauth://totp/x?secret=', 'invalid-secret', 'secret'],
  ['secret with 0, 1, 8 (13)', 'otpauth://totp/x?secret=JBSWY3DP01890000', 'invalid-secret', 'secret'],
  ['secret of impossible length (13)', 'otpauth://totp/x?secret=JBSWY3DPE', 'invalid-secret', 'secret'],
  ['MD5 (14)', `otpauth://totp/x?secret=${S}&algorithm=MD5`, 'invalid-otp-parameters', 'algorithm'],
  ['empty algorithm (14)', `otpauth://totp/x?secret=${S}&algorithm=`, 'invalid-otp-parameters', 'algorithm'],
  ['3 digits (16)', `otpauth://totp/x?secret=${S}&digits=3`, 'invalid-otp-parameters', 'digits'],
  ['11 digits (16)', `otpauth://totp/x?secret=${S}&digits=11`, 'invalid-otp-parameters', 'digits'],
  ['digits 6.0 (15)', `otpauth://totp/x?secret=${S}&digits=6.0`, 'invalid-otp-parameters', 'digits'],
  ['digits +6 (15)', `otpauth://totp/x?secret=${S}&digits=%2B6`, 'invalid-otp-parameters', 'digits'],
  ['empty digits (15)', `otpauth://totp/x?secret=${S}&digits=`, 'invalid-otp-parameters', 'digits'],
  ['period 0 (17)', `otpauth://totp/x?secret=${S}&period=0`, 'invalid-otp-parameters', 'period'],
  ['negative period (15, 17)', `otpauth://totp/x?secret=${S}&period=-30`, 'invalid-otp-parameters', 'period'],
  [
    'period over an hour (17)',
    `otpauth://totp/x?secret=${S}&period=3601`,
    'invalid-otp-parameters',
    'period',
  ],
  [
    'absurd period (17)',
    `otpauth://totp/x?secret=${S}&period=99999999999999999999`,
    'invalid-otp-parameters',
    'period',
  ],
  ['counter -1 (18)', `otpauth://hotp/x?secret=${S}&counter=-1`, 'invalid-otp-parameters', 'counter'],
  [
    'counter past 2^53 (18)',
    `otpauth://hotp/x?secret=${S}&counter=9007199254740993`,
    'invalid-otp-parameters',
    'counter',
  ],
]

describe('parsing otpauth:// links', () => {
  for (const [name, uri, expected] of good) {
    it(`accepts ${name}`, () => {
      const account = parseOtpAuthUri(uri)
      expect(account).toMatchObject(expected)
      expect(account.secret).toEqual(KEY)
    })
  }

  for (const [name, uri, code, field] of bad) {
    it(`refuses ${name} with ${code} naming ${field}`, () => {
      const error = expectTwofoldError(() => parseOtpAuthUri(uri), code, field)
      expect(error.message).toContain(field === 'uri' || field === 'scheme' ? 'otpauth' : field)
      expect(error.message).not.toContain(S)
      expect(error.message).not.toContain('JBSWY3DP')
    })
  }

  it('keeps no Base32 text and no unknown parameters in the result', () => {
    const account = parseOtpAuthUri(`otpauth://totp/x?secret=${S}&image=logo.png`)
    expect(Object.keys(account).sort()).toEqual(
      ['accountName', 'algorithm', 'digits', 'issuer', 'period', 'secret', 'type'].sort(),
    )
    expect(JSON.stringify(account)).not.toContain(S)
  })
})

describe('building otpauth:// links', () => {
  const accounts: OtpAuthAccount[] = [
    {
      type: 'totp',
      issuer: 'ACME Co',
      accountName: 'john@example.com',
      secret: KEY,
      algorithm: 'SHA256',
      digits: 8,
      period: 60,
    },
    { type: 'hotp', issuer: '', accountName: 'door', secret: KEY, algorithm: 'SHA1', digits: 6, counter: 17 },
    {
      type: 'steam',
      issuer: 'Steam',
      accountName: 'gaben',
      secret: KEY,
      algorithm: 'SHA1',
      digits: 5,
      period: 30,
    },
    {
      type: 'totp',
      issuer: 'a:b',
      accountName: 'c:d',
      secret: KEY,
      algorithm: 'SHA512',
      digits: 10,
      period: 1,
    },
    { type: 'totp', issuer: '', accountName: 'x:y', secret: KEY, algorithm: 'SHA1', digits: 4, period: 3600 },
    {
      type: 'totp',
      issuer: 'Ünïcødé & Co?',
      accountName: '用户#1/+%',
      secret: KEY,
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
    },
  ]

  it('writes the form authenticator apps expect', () => {
    expect(buildOtpAuthUri(accounts[0]!)).toBe(
      `otpauth://totp/ACME%20Co:john%40example.com?secret=${S}&issuer=ACME%20Co&algorithm=SHA256&digits=8&period=60`,
    )
    expect(buildOtpAuthUri(accounts[1]!)).toBe(
      `otpauth://hotp/door?secret=${S}&algorithm=SHA1&digits=6&counter=17`,
    )
    expect(buildOtpAuthUri(accounts[2]!)).toBe(`otpauth://steam/Steam:gaben?secret=${S}&issuer=Steam`)
  })

  for (const account of accounts) {
    it(`round-trips ${account.type} "${account.issuer}" / "${account.accountName}"`, () => {
      expect(parseOtpAuthUri(buildOtpAuthUri(account))).toEqual(account)
    })
  }

  it('trims issuer and account name, as parsing does', () => {
    const uri = buildOtpAuthUri({ ...accounts[0]!, issuer: '  ACME Co ', accountName: ' john@example.com\t' })
    expect(parseOtpAuthUri(uri)).toEqual(accounts[0])
  })

  it('refuses what it cannot write, naming the field', () => {
    const base = accounts[0] as Extract<OtpAuthAccount, { type: 'totp' }>
    expectTwofoldError(() => buildOtpAuthUri({ ...base, digits: 11 }), 'invalid-otp-parameters', 'digits')
    expectTwofoldError(() => buildOtpAuthUri({ ...base, period: 0 }), 'invalid-otp-parameters', 'period')
    expectTwofoldError(
      () => buildOtpAuthUri({ ...base, secret: new Uint8Array() }),
      'invalid-secret',
      'secret',
    )
    expectTwofoldError(() => buildOtpAuthUri({ ...base, issuer: 'a\uD800' }), 'invalid-otpauth-uri', 'issuer')
    expectTwofoldError(
      () => buildOtpAuthUri({ ...base, accountName: '\uDC00' }),
      'invalid-otpauth-uri',
      'accountName',
    )
    expectTwofoldError(
      () => buildOtpAuthUri({ ...accounts[1]!, counter: -1 } as OtpAuthAccount),
      'invalid-otp-parameters',
      'counter',
    )
    expectTwofoldError(
      () => buildOtpAuthUri({ ...base, type: 'motp' } as unknown as OtpAuthAccount),
      'unsupported-otp-type',
      'type',
    )
  })
})
