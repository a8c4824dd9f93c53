import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { isTwofoldError } from '../../../electron/core/errors.ts'
import { readImport } from '../../../electron/core/importers/read-import.ts'
import { fixture, thirdPartyAvailable } from '../third-party-fixtures.ts'
import {
  accountOf,
  importedAccounts,
  importFixture,
  SEVEN,
  sorted,
  vectorsFor,
  type Account,
} from './imported-accounts.ts'

// Samples from Aegis's importer tests for TOTP Authenticator, Steam, Duo, Battle.net and WinAuth, with
// the accounts Aegis's DatabaseImporterTest expects after its per-file fix-ups (expected_vectors.json),
// except where Twofold reads more than Aegis does, which each test says.

const dir = 'aegis/importers'

describe.skipIf(!thirdPartyAvailable())('small apps samples', () => {
  // Fix-up "digits 6, period 30, SHA1, name lower-cased": the app has no algorithm field (SHA1) and
  // saved the names lower-cased. Aegis also forces 6 digits and 30 s, ignoring the digits and period
  // the file stores; Twofold reads them, and they are the vectors' own (7/20 for SPDX, 8/50 for Airbnb).
  const totpAuthenticator = sorted(
    vectorsFor('Deno', 'SPDX', 'Airbnb').map((vector) => ({
      ...vector,
      algo: 'SHA1',
      name: vector.name.toLowerCase(),
    })),
  )

  it('totp_authenticator.bin (password Testtest1) holds the three TOTP accounts', async () => {
    const parsed = await importFixture(`${dir}/totp_authenticator.bin`, { password: 'Testtest1' })
    expect(parsed.format).toBe('totp-authenticator')
    expect(await importedAccounts(`${dir}/totp_authenticator.bin`, { password: 'Testtest1' })).toEqual(
      totpAuthenticator,
    )
  })

  it('totp_authenticator.bin is refused without its password, and with a wrong one', async () => {
    await expect(importFixture(`${dir}/totp_authenticator.bin`)).rejects.toSatisfy((error) =>
      isTwofoldError(error, 'import-password-required'),
    )
    await expect(importFixture(`${dir}/totp_authenticator.bin`, { password: 'Testtest2' })).rejects.toSatisfy(
      (error) => isTwofoldError(error, 'import-wrong-password'),
    )
  })

  it('totp_authenticator_internal.xml (rooted phone) holds the same three accounts', async () => {
    expect((await importFixture(`${dir}/totp_authenticator_internal.xml`)).format).toBe(
      'totp-authenticator-rooted',
    )
    expect(await importedAccounts(`${dir}/totp_authenticator_internal.xml`)).toEqual(totpAuthenticator)
  })

  it.each([
    ['steam.json', 'steam-app'],
    ['steam_old.json', 'steam-desktop-authenticator'],
  ])('%s holds the Steam account, issuer "Steam"', async (file, format) => {
    expect((await importFixture(`${dir}/${file}`)).format).toBe(format)
    const [boeing] = vectorsFor('Boeing') as [Account]
    expect(await importedAccounts(`${dir}/${file}`)).toEqual([{ ...boeing, issuer: 'Steam' }])
  })

  it('duo.json holds a TOTP and a HOTP account without issuer', async () => {
    expect((await importFixture(`${dir}/duo.json`)).format).toBe('duo')
    // Fix-up "issuer ''; HOTP counter 1": Duo stores no issuer. Aegis's test overwrites the counter it
    // read (3, as the file stores it) with the vector's 1; Twofold keeps the stored 3, as Aegis reads it.
    const [deno, issuu] = vectorsFor('Deno', 'Issuu') as [Account, Account]
    expect(await importedAccounts(`${dir}/duo.json`)).toEqual(
      sorted([
        { ...deno, issuer: '' },
        { ...issuu, issuer: '', counter: 3 },
      ]),
    )
  })

  it('battle_net_authenticator.xml (rooted phone) holds the 8-digit Battle.net account named by its serial', async () => {
    expect((await importFixture(`${dir}/battle_net_authenticator.xml`)).format).toBe('battle-net')
    expect(await importedAccounts(`${dir}/battle_net_authenticator.xml`)).toEqual(vectorsFor('Battle.net'))
  })

  it('plain.txt read as WinAuth gives the seven accounts, and is still detected as a plain link list', async () => {
    // Aegis's WinAuth test feeds it plain.txt and expects issuer = the name and name "WinAuth", an
    // artefact of its importer; WinAuth's own links carry issuer and name, which Twofold keeps.
    expect((await importFixture(`${dir}/plain.txt`)).format).toBe('otpauth-list')
    const parsed = await readImport(readFileSync(fixture(`${dir}/plain.txt`)), { format: 'winauth' })
    expect(parsed.failed).toEqual([])
    expect(sorted(parsed.entries.map(accountOf))).toEqual(sorted(vectorsFor(...SEVEN)))
  })
})
