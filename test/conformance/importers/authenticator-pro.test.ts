import { describe, expect, it } from 'vitest'
import { isTwofoldError } from '../../../electron/core/errors.ts'
import { thirdPartyAvailable } from '../third-party-fixtures.ts'
import { importedAccounts, importFixture, SEVEN, sorted, vectorsFor } from './imported-accounts.ts'

// Authenticator Pro (Stratum) samples from Aegis's importer tests: the plain backup, the current
// encrypted one (Argon2id + AES-GCM) and the legacy one (PBKDF2 + AES-CBC), all with password `test`
// and the seven Aegis accounts (Aegis's test applies no fix-ups to them).

const dir = 'aegis/importers'

describe.skipIf(!thirdPartyAvailable())('Authenticator Pro samples', () => {
  it('stratum_plain.json holds exactly the seven Aegis accounts', async () => {
    expect((await importFixture(`${dir}/stratum_plain.json`)).format).toBe('authenticator-pro')
    expect(await importedAccounts(`${dir}/stratum_plain.json`)).toEqual(sorted(vectorsFor(...SEVEN)))
  })

  it.each(['stratum_encrypted.bin', 'stratum_encrypted_legacy.bin'])(
    '%s opens with its password and holds exactly the seven Aegis accounts',
    async (file) => {
      expect((await importFixture(`${dir}/${file}`, { password: 'test' })).format).toBe('authenticator-pro')
      expect(await importedAccounts(`${dir}/${file}`, { password: 'test' })).toEqual(
        sorted(vectorsFor(...SEVEN)),
      )
    },
  )

  it.each(['stratum_encrypted.bin', 'stratum_encrypted_legacy.bin'])(
    '%s asks for a password, and refuses a wrong one',
    async (file) => {
      await expect(importFixture(`${dir}/${file}`)).rejects.toSatisfy((error) =>
        isTwofoldError(error, 'import-password-required'),
      )
      await expect(importFixture(`${dir}/${file}`, { password: 'tesT' })).rejects.toSatisfy((error) =>
        isTwofoldError(error, 'import-wrong-password'),
      )
    },
  )
})
