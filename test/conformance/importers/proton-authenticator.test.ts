import { describe, expect, it } from 'vitest'
import { thirdPartyAvailable } from '../third-party-fixtures.ts'
import { importedAccounts, importFixture, sorted, vectorsFor } from './imported-accounts.ts'

// Proton Authenticator's plain export from Aegis's importer tests: three of Aegis's accounts (the TOTP
// ones), which Aegis's test compares with no fix-ups.

const path = 'aegis/importers/proton_authenticator.json'

describe.skipIf(!thirdPartyAvailable())('Proton Authenticator sample', () => {
  it("proton_authenticator.json holds exactly Aegis's three TOTP accounts", async () => {
    const parsed = await importFixture(path)
    expect(parsed.format).toBe('proton-authenticator')
    expect(parsed.failed).toEqual([])
    expect(await importedAccounts(path)).toEqual(sorted(vectorsFor('Deno', 'SPDX', 'Airbnb')))
  })
})
