import { describe, expect, it } from 'vitest'
import { isTwofoldError } from '../../../electron/core/errors.ts'
import { thirdPartyAvailable } from '../third-party-fixtures.ts'
import {
  asPlainTotp,
  importedAccounts,
  importFixture,
  SEVEN,
  sorted,
  vectorsFor,
  type Account,
} from './imported-accounts.ts'

// The rooted-phone app databases and token files, and Authenticator Plus's export, from Aegis's
// importer tests, with the accounts Aegis's DatabaseImporterTest expects after its per-file fix-ups
// (aegis/expected_vectors.json → per_file_fixups).

const dir = 'aegis/importers'

/** google_authenticator.sqlite: "digits->6, period->30, algo->SHA1 (GA can't store them)". */
function asGoogleStores(account: Account): Account {
  return account.type === 'hotp'
    ? { ...account, algo: 'SHA1', digits: 6 }
    : { ...account, algo: 'SHA1', digits: 6, period: 30 }
}

describe.skipIf(!thirdPartyAvailable())('rooted-phone samples', () => {
  it('google_authenticator.sqlite holds the six TOTP and HOTP accounts, as Google can store them', async () => {
    expect((await importFixture(`${dir}/google_authenticator.sqlite`)).format).toBe('google-authenticator-db')
    expect(await importedAccounts(`${dir}/google_authenticator.sqlite`)).toEqual(
      sorted(vectorsFor('Deno', 'SPDX', 'Airbnb', 'Issuu', 'Air Canada', 'WWE').map(asGoogleStores)),
    )
  })

  it('microsoft_authenticator.sqlite holds the seven accounts, every one plain TOTP SHA1/6/30', async () => {
    expect((await importFixture(`${dir}/microsoft_authenticator.sqlite`)).format).toBe(
      'microsoft-authenticator-db',
    )
    expect(await importedAccounts(`${dir}/microsoft_authenticator.sqlite`)).toEqual(
      sorted(vectorsFor(...SEVEN).map((account) => ({ ...asPlainTotp(account), algo: 'SHA1', digits: 6 }))),
    )
  })

  it('stratum_internal.db (a WAL-mode database) holds exactly the seven Aegis accounts', async () => {
    expect((await importFixture(`${dir}/stratum_internal.db`)).format).toBe('authenticator-pro-db')
    expect(await importedAccounts(`${dir}/stratum_internal.db`)).toEqual(sorted(vectorsFor(...SEVEN)))
  })

  // "authy_*.xml: algo->SHA1; period taken from vector": Authy stores no period (it reads as 30).
  const authyExpected = () =>
    sorted(vectorsFor('Deno', 'SPDX', 'Airbnb').map((account) => ({ ...account, algo: 'SHA1', period: 30 })))

  it('authy_plain.xml holds the three TOTP accounts', async () => {
    expect((await importFixture(`${dir}/authy_plain.xml`)).format).toBe('authy')
    expect(await importedAccounts(`${dir}/authy_plain.xml`)).toEqual(authyExpected())
  })

  it('authy_encrypted.xml opens with testtest and holds the same three accounts', async () => {
    expect((await importFixture(`${dir}/authy_encrypted.xml`, { password: 'testtest' })).format).toBe('authy')
    expect(await importedAccounts(`${dir}/authy_encrypted.xml`, { password: 'testtest' })).toEqual(
      authyExpected(),
    )
  })

  it('authy_encrypted.xml asks for a password, and refuses a wrong one', async () => {
    await expect(importFixture(`${dir}/authy_encrypted.xml`)).rejects.toSatisfy((error) =>
      isTwofoldError(error, 'import-password-required'),
    )
    await expect(importFixture(`${dir}/authy_encrypted.xml`, { password: 'testtesT' })).rejects.toSatisfy(
      (error) => isTwofoldError(error, 'import-wrong-password'),
    )
  })

  it('authenticator_plus.zip opens with testtesttest and holds exactly the seven Aegis accounts', async () => {
    const path = `${dir}/authenticator_plus.zip`
    expect((await importFixture(path, { password: 'testtesttest' })).format).toBe('authenticator-plus')
    expect(await importedAccounts(path, { password: 'testtesttest' })).toEqual(sorted(vectorsFor(...SEVEN)))
    await expect(importFixture(path)).rejects.toSatisfy((error) =>
      isTwofoldError(error, 'import-password-required'),
    )
    await expect(importFixture(path, { password: 'testtesttesT' })).rejects.toSatisfy((error) =>
      isTwofoldError(error, 'import-wrong-password'),
    )
  })
})
