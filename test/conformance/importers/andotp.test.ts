import { describe, expect, it } from 'vitest'
import { isTwofoldError } from '../../../electron/core/errors.ts'
import { thirdPartyAvailable } from '../third-party-fixtures.ts'
import { importedAccounts, importFixture, SEVEN, sorted, vectorsFor } from './imported-accounts.ts'

// andOTP samples from Aegis's importer tests (password "test"). The old encrypted layout's sample
// was made before andOTP had Steam support, so it holds six accounts; its labels read
// "Issuer - Issuer:account", which Twofold splits back into issuer and account (Aegis's own test
// instead expects the "Issuer:account" name, an artefact of that format, not of the accounts).

const dir = 'aegis/importers'

describe.skipIf(!thirdPartyAvailable())('andOTP samples', () => {
  it.each([
    ['andotp_plain.json', undefined],
    ['andotp_encrypted.bin', 'test'],
  ])('%s holds exactly the seven Aegis accounts', async (file, password) => {
    const parsed = await importFixture(`${dir}/${file}`, password === undefined ? {} : { password })
    expect(parsed.format).toBe('andotp')
    expect(await importedAccounts(`${dir}/${file}`, password === undefined ? {} : { password })).toEqual(
      sorted(vectorsFor(...SEVEN)),
    )
  })

  it('andotp_encrypted_old.bin (SHA-256 key layout) holds the six accounts it was made with', async () => {
    expect(await importedAccounts(`${dir}/andotp_encrypted_old.bin`, { password: 'test' })).toEqual(
      sorted(vectorsFor(...SEVEN.slice(0, 6))),
    )
  })

  it('refuses the encrypted backups without a password, and with a wrong one', async () => {
    for (const file of ['andotp_encrypted.bin', 'andotp_encrypted_old.bin']) {
      await expect(importFixture(`${dir}/${file}`)).rejects.toSatisfy((error) =>
        isTwofoldError(error, 'import-password-required'),
      )
      await expect(importFixture(`${dir}/${file}`, { password: 'nope' })).rejects.toSatisfy((error) =>
        isTwofoldError(error, 'import-wrong-password'),
      )
    }
  })
})
