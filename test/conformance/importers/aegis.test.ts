import { describe, expect, it } from 'vitest'
import { isTwofoldError } from '../../../electron/core/errors.ts'
import { thirdPartyAvailable } from '../third-party-fixtures.ts'
import { importedAccounts, importFixture, SEVEN, sorted, vectorsFor } from './imported-accounts.ts'

// Aegis's own importer samples: its vault (plain, encrypted with password "test", grouped) and its
// plain otpauth list, which Ente Auth's plain export shares the format of.

describe.skipIf(!thirdPartyAvailable())('Aegis samples', () => {
  it.each([
    ['aegis/importers/aegis_plain.json', undefined],
    ['aegis/importers/aegis_encrypted.json', 'test'],
  ])('%s holds exactly the seven Aegis accounts', async (path, password) => {
    const parsed = await importFixture(path, password === undefined ? {} : { password })
    expect(parsed.format).toBe('aegis')
    expect(await importedAccounts(path, password === undefined ? {} : { password })).toEqual(
      sorted(vectorsFor(...SEVEN)),
    )
  })

  it('reads version-2 groups into the group field', async () => {
    const groups = { Deno: 'group1', Airbnb: 'group1', Issuu: 'group2' } as Record<string, string>
    const expected = vectorsFor(...SEVEN).map((account) =>
      groups[account.issuer] === undefined ? account : { ...account, group: groups[account.issuer] },
    )
    expect(await importedAccounts('aegis/aegis_plain_grouped_v2.json')).toEqual(sorted(expected))
  })

  it('refuses the encrypted vault without a password, and with a wrong one', async () => {
    await expect(importFixture('aegis/importers/aegis_encrypted.json')).rejects.toSatisfy((error) =>
      isTwofoldError(error, 'import-password-required'),
    )
    await expect(
      importFixture('aegis/importers/aegis_encrypted.json', { password: 'tset' }),
    ).rejects.toSatisfy((error) => isTwofoldError(error, 'import-wrong-password'))
  })

  it.each(['aegis/importers/plain.txt', 'aegis/importers/ente_auth.txt'])(
    '%s (otpauth links, one per line) holds exactly the seven Aegis accounts',
    async (path) => {
      expect((await importFixture(path)).format).toBe('otpauth-list')
      expect(await importedAccounts(path)).toEqual(sorted(vectorsFor(...SEVEN)))
    },
  )
})
