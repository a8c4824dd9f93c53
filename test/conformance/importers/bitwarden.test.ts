import { describe, expect, it } from 'vitest'
import { thirdPartyAvailable } from '../third-party-fixtures.ts'
import { importedAccounts, importFixture, sorted, vectorsFor } from './imported-accounts.ts'

// Bitwarden samples from Aegis's importer tests. Three items carry otpauth links; the fourth a
// `steam://` secret with no names of its own, so the item's name becomes its issuer (Aegis's test
// checks that entry by secret only).

const dir = 'aegis/importers'

describe.skipIf(!thirdPartyAvailable())('Bitwarden samples', () => {
  it.each([
    ['bitwarden.json', 'bitwarden-json', 'Test Steam'],
    ['bitwarden.csv', 'bitwarden-csv', 'Test 4'],
  ])('%s holds three TOTP accounts and one Steam account', async (file, format, steamItemName) => {
    expect((await importFixture(`${dir}/${file}`)).format).toBe(format)
    const [steam] = vectorsFor('Boeing')
    expect(await importedAccounts(`${dir}/${file}`)).toEqual(
      sorted([...vectorsFor('Deno', 'SPDX', 'Airbnb'), { ...steam!, issuer: steamItemName, name: '' }]),
    )
  })
})
