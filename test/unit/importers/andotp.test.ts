import { describe, expect, it } from 'vitest'
import { andOtpEncrypted, andOtpEncryptedOld } from './export-builders.ts'
import { expectImportError, hotp, importedSummaries, steam, text, totp } from './import-helpers.ts'

const entries = [
  {
    secret: 'JBSWY3DPEHPK3PXP',
    issuer: 'Instagram',
    label: 'ana',
    digits: 6,
    type: 'TOTP',
    algorithm: 'SHA1',
    period: 30,
    tags: ['work'],
  },
  {
    secret: 'GEZDGNBVGY3TQOJQ',
    issuer: 'Bank',
    label: 'bob',
    digits: 6,
    type: 'HOTP',
    algorithm: 'SHA1',
    counter: 5,
    tags: [],
  },
  {
    secret: 'KRUGS4ZANFZSAYJA',
    issuer: 'Steam',
    label: 'gamer',
    digits: 5,
    type: 'STEAM',
    algorithm: 'SHA1',
    tags: [],
  },
]
const expected = [
  { issuer: 'Instagram', accountName: 'ana', tags: ['work'], secret: 'JBSWY3DPEHPK3PXP', params: totp() },
  { issuer: 'Bank', accountName: 'bob', secret: 'GEZDGNBVGY3TQOJQ', params: hotp(), counter: 5 },
  { issuer: 'Steam', accountName: 'gamer', secret: 'KRUGS4ZANFZSAYJA', params: steam },
]

describe('andOTP backup', () => {
  it('reads a plain backup', async () => {
    const parsed = await importedSummaries(text(JSON.stringify(entries)))
    expect(parsed.format).toBe('andotp')
    expect(parsed.entries).toEqual(expected)
  })

  it('round-trips both encrypted layouts', async () => {
    const current = await importedSummaries(andOtpEncrypted(entries, 'pw', 2000), { password: 'pw' })
    expect(current.format).toBe('andotp')
    expect(current.entries).toEqual(expected)
    const old = await importedSummaries(andOtpEncryptedOld(entries, 'pw'), {
      password: 'pw',
      fileName: 'otp_accounts.json.aes',
    })
    expect(old.format).toBe('andotp')
    expect(old.entries).toEqual(expected)
  })

  it('asks for the password and refuses a wrong one', async () => {
    await expectImportError(andOtpEncrypted(entries, 'pw'), 'import-password-required')
    await expectImportError(andOtpEncrypted(entries, 'pw'), 'import-wrong-password', { password: 'wp' })
    await expectImportError(andOtpEncryptedOld(entries, 'pw'), 'import-wrong-password', {
      password: 'wp',
      format: 'andotp',
    })
  })

  it('lists mOTP entries as failed and splits old "Issuer - Issuer:account" labels', async () => {
    const parsed = await importedSummaries(
      text(
        JSON.stringify([
          { secret: 'JBSWY3DPEHPK3PXP', label: 'MotpCo - me', digits: 6, type: 'MOTP', algorithm: 'MD5' },
          {
            secret: 'JBSWY3DPEHPK3PXP',
            label: 'Deno - Deno:Mason',
            digits: 6,
            type: 'TOTP',
            algorithm: 'SHA1',
            period: 30,
          },
          {
            secret: 'JBSWY3DPEHPK3PXP',
            label: 'plain label',
            digits: 6,
            type: 'TOTP',
            algorithm: 'SHA1',
            period: 30,
          },
        ]),
      ),
    )
    expect(parsed.failed.map(({ position, name }) => [position, name])).toEqual([[1, 'MotpCo - me']])
    expect(parsed.failed[0]?.reason).toMatch(/mOTP/)
    expect(parsed.entries.map(({ issuer, accountName }) => [issuer, accountName])).toEqual([
      ['Deno', 'Mason'],
      ['', 'plain label'],
    ])
  })

  it('refuses text that is not JSON', async () => {
    await expectImportError(text('[{"secret": "JBSW'), 'import-unreadable', { format: 'andotp' })
  })
})
