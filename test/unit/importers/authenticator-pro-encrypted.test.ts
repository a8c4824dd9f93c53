import { describe, expect, it } from 'vitest'
import { detectFormat } from '../../../electron/core/importers/read-import.ts'
import {
  stratumBackup,
  stratumLegacyEncrypted,
  stratumStrongEncrypted,
  type StratumAuthenticator,
} from './builders/authenticator-apps.ts'
import { expectImportError, hotp, importedSummaries, steam, totp } from './import-helpers.ts'

// Authenticator Pro / Stratum password-protected backups, built here the way Stratum writes them:
// the current layout (Argon2id + AES-GCM, marker AUTHENTICATORPRO) and the legacy one (PBKDF2-SHA1 +
// AES-CBC, marker AuthenticatorPro).

const authenticators: StratumAuthenticator[] = [
  {
    Type: 2,
    Issuer: 'Instagram',
    Username: 'ana',
    Secret: 'JBSWY3DPEHPK3PXP',
    Algorithm: 2,
    Digits: 8,
    Period: 60,
    Counter: 0,
  },
  {
    Type: 1,
    Issuer: 'Bank',
    Username: 'bob',
    Secret: 'GEZDGNBVGY3TQOJQ',
    Algorithm: 1,
    Digits: 7,
    Period: 30,
    Counter: 42,
  },
  {
    Type: 4,
    Issuer: 'Steam',
    Username: null,
    Secret: 'KRUGS4ZANFZSAYJA',
    Algorithm: 0,
    Digits: 5,
    Period: 30,
  },
  { Type: 3, Issuer: 'MotpCo', Username: 'm', Secret: 'abcdef1234', Algorithm: 0, Digits: 6, Period: 10 },
]
const backup = stratumBackup(
  authenticators,
  [
    { Id: 'c1', Name: 'Client A' },
    { Id: 'c2', Name: 'Urgent' },
  ],
  [
    { CategoryId: 'c1', AuthenticatorSecret: 'JBSWY3DPEHPK3PXP' },
    { CategoryId: 'c2', AuthenticatorSecret: 'JBSWY3DPEHPK3PXP' },
    { CategoryId: 'c2', AuthenticatorSecret: 'GEZDGNBVGY3TQOJQ' },
  ],
)
const expected = [
  {
    issuer: 'Instagram',
    accountName: 'ana',
    group: 'Client A',
    tags: ['Urgent'],
    secret: 'JBSWY3DPEHPK3PXP',
    params: totp('SHA512', 8, 60),
  },
  {
    issuer: 'Bank',
    accountName: 'bob',
    group: 'Urgent',
    secret: 'GEZDGNBVGY3TQOJQ',
    params: hotp('SHA256', 7),
    counter: 42,
  },
  { issuer: 'Steam', accountName: '', secret: 'KRUGS4ZANFZSAYJA', params: steam },
]

const layouts = [
  ['current (Argon2id, AES-GCM)', stratumStrongEncrypted],
  ['legacy (PBKDF2, AES-CBC)', stratumLegacyEncrypted],
] as const

describe.each(layouts)('Authenticator Pro encrypted backup, %s', (_name, seal) => {
  const file = seal(backup, 'correct horse ✓')

  it('opens with its password: every field, categories, and mOTP listed as failed', async () => {
    const parsed = await importedSummaries(file, { password: 'correct horse ✓' })
    expect(parsed.format).toBe('authenticator-pro')
    expect(parsed.entries).toEqual(expected)
    expect(parsed.failed.map(({ name, reason }) => [name, reason.slice(0, 4)])).toEqual([
      ['MotpCo: m', 'mOTP'],
    ])
  })

  it('is detected from its content', async () => {
    expect(await detectFormat(file)).toBe('authenticator-pro')
    expect(await detectFormat(file, 'backup.authpro')).toBe('authenticator-pro')
  })

  it('asks for the password (none, or empty), and refuses a wrong one', async () => {
    await expectImportError(file, 'import-password-required')
    await expectImportError(file, 'import-password-required', { password: '' })
    await expectImportError(file, 'import-wrong-password', { password: 'correct horse' })
  })

  it('refuses a cut-off file before asking for a password', async () => {
    for (const length of [16, 17, 40, 51]) {
      await expectImportError(file.subarray(0, length), 'import-unreadable')
    }
  })

  it('refuses a damaged or cut-short ciphertext with a typed error, never a partial import', async () => {
    const flipped = Buffer.from(file)
    flipped[flipped.length - 20]! ^= 0x01
    await expectImportError(flipped, 'import-wrong-password', { password: 'correct horse ✓' })
    await expectImportError(file.subarray(0, file.length - 16), 'import-wrong-password', {
      password: 'correct horse ✓',
    })
  })
})

describe('Authenticator Pro encrypted backup, what is inside', () => {
  it('current layout (authenticated): a right password over something not a backup is unreadable', async () => {
    const file = stratumStrongEncrypted(null, 'pw', Buffer.from('not json at all', 'utf8'))
    await expectImportError(file, 'import-unreadable', { password: 'pw' })
  })

  it('legacy layout (unauthenticated): plaintext that is not a backup says wrong password, or damaged', async () => {
    // A wrong key gets past CBC padding about once in 256 tries, leaving garbage: that must not read as
    // "damaged backup" when the likelier cause is the password.
    const file = stratumLegacyEncrypted(null, 'pw', Buffer.from([0xff, 0xfe, 0x00, 0x01]))
    await expectImportError(file, 'import-wrong-password', { password: 'pw' })
  })

  it('a marker alone, or a near-miss marker, is not claimed as encrypted Authenticator Pro', async () => {
    expect(await detectFormat(Buffer.from('AUTHENTICATORPR', 'latin1'))).not.toBe('authenticator-pro')
    const nearMiss = Buffer.concat([Buffer.from('AUTHENTICATORPRX', 'latin1'), Buffer.alloc(64, 7)])
    expect(await detectFormat(nearMiss)).not.toBe('authenticator-pro')
  })
})
