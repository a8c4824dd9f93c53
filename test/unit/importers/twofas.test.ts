import { describe, expect, it } from 'vitest'
import { twofasBackup } from './export-builders.ts'
import { expectImportError, hotp, importedSummaries, steam, totp } from './import-helpers.ts'

function service(
  name: string,
  secret: string,
  otp: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) {
  return { name, secret, updatedAt: 1, otp, order: { position: 0 }, ...extra }
}

const services = [
  service(
    'Instagram',
    'JBSWY3DPEHPK3PXP',
    { account: 'ana', issuer: 'Instagram', digits: 6, period: 30, algorithm: 'SHA1', tokenType: 'TOTP' },
    { groupId: 'g1' },
  ),
  service('Bank', 'GEZDGNBVGY3TQOJQ', {
    account: 'bob',
    issuer: 'Bank',
    digits: 8,
    algorithm: 'SHA512',
    counter: 7,
    tokenType: 'HOTP',
  }),
  service('Steam', 'KRUGS4ZANFZSAYJA', { account: 'gamer', issuer: 'Steam', tokenType: 'STEAM' }),
  service('NoIssuer', 'JBSWY3DPEHPK3PXP', { account: 'x', tokenType: 'TOTP' }),
]
const groups = [{ id: 'g1', name: 'Client A', isExpanded: true }]

describe('2FAS backup', () => {
  it('reads a plain backup with groups; the service name stands in for a missing issuer', async () => {
    const parsed = await importedSummaries(twofasBackup(services, { groups }))
    expect(parsed.format).toBe('twofas')
    expect(parsed.entries).toEqual([
      {
        issuer: 'Instagram',
        accountName: 'ana',
        group: 'Client A',
        secret: 'JBSWY3DPEHPK3PXP',
        params: totp(),
      },
      {
        issuer: 'Bank',
        accountName: 'bob',
        secret: 'GEZDGNBVGY3TQOJQ',
        params: hotp('SHA512', 8),
        counter: 7,
      },
      { issuer: 'Steam', accountName: 'gamer', secret: 'KRUGS4ZANFZSAYJA', params: steam },
      { issuer: 'NoIssuer', accountName: 'x', secret: 'JBSWY3DPEHPK3PXP', params: totp() },
    ])
  })

  it('round-trips an encrypted backup, with and without the reference field', async () => {
    const plain = await importedSummaries(twofasBackup(services, { groups }))
    for (const reference of [true, false]) {
      const encrypted = twofasBackup(services, { groups, password: 'pässwörd', reference })
      expect(await importedSummaries(encrypted, { password: 'pässwörd' })).toEqual(plain)
    }
  })

  it('asks for the password and refuses a wrong one', async () => {
    await expectImportError(twofasBackup(services, { password: 'pw' }), 'import-password-required')
    await expectImportError(twofasBackup(services, { password: 'pw' }), 'import-wrong-password', {
      password: 'pW',
    })
    await expectImportError(
      twofasBackup(services, { password: 'pw', reference: false }),
      'import-wrong-password',
      {
        password: 'pW',
      },
    )
  })

  it('lists unknown token types and bad entries as failed', async () => {
    const parsed = await importedSummaries(
      twofasBackup([
        service('Odd', 'JBSWY3DPEHPK3PXP', { tokenType: 'YANDEX' }),
        service('Bad', 'JBSWY3DPEHPK3PXP', { tokenType: 'TOTP', period: 0 }),
        { name: 'NoSecret', otp: {} },
      ]),
    )
    expect(parsed.entries).toEqual([])
    expect(parsed.failed.map((entry) => entry.name)).toEqual(['Odd', 'Bad', 'NoSecret'])
    expect(parsed.failed[0]!.reason).toMatch(/not supported/)
  })

  it('refuses a schema newer than it knows and a malformed encrypted part', async () => {
    await expectImportError(twofasBackup(services, { schemaVersion: 5 }), 'import-unsupported-format')
    const broken = JSON.stringify({ schemaVersion: 4, services: [], servicesEncrypted: 'abc:def' })
    await expectImportError(Buffer.from(broken), 'import-unreadable', { password: 'pw' })
  })
})
