import { describe, expect, it } from 'vitest'
import { isTwofoldError } from '../../../electron/core/errors.ts'
import { thirdPartyAvailable } from '../third-party-fixtures.ts'
import { importedAccounts, importFixture, SEVEN, sorted, vectorsFor } from './imported-accounts.ts'

// Authenticator Pro (Stratum) samples from Aegis's importer tests. Only plain backups are read; the
// encrypted ones are recognised by their marker and refused with advice.

const dir = 'aegis/importers'

describe.skipIf(!thirdPartyAvailable())('Authenticator Pro samples', () => {
  it('stratum_plain.json holds exactly the seven Aegis accounts', async () => {
    expect((await importFixture(`${dir}/stratum_plain.json`)).format).toBe('authenticator-pro')
    expect(await importedAccounts(`${dir}/stratum_plain.json`)).toEqual(sorted(vectorsFor(...SEVEN)))
  })

  it.each(['stratum_encrypted.bin', 'stratum_encrypted_legacy.bin'])(
    '%s is recognised and refused as unsupported',
    async (file) => {
      await expect(importFixture(`${dir}/${file}`, { password: 'test' })).rejects.toSatisfy((error) =>
        isTwofoldError(error, 'import-unsupported-format'),
      )
    },
  )
})
