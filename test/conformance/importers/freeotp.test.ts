import { describe, expect, it } from 'vitest'
import { isTwofoldError } from '../../../electron/core/errors.ts'
import { thirdPartyAvailable } from '../third-party-fixtures.ts'
import { importedAccounts, importFixture, sorted, vectorsFor, type Account } from './imported-accounts.ts'

// FreeOTP samples from Aegis's importer tests. The FreeOTP 1.x and FreeOTP+ files hold HOTP
// counters one below Aegis's vectors (Aegis's own test subtracts one for them: FreeOTP stores the
// counter of the next code, which is what Twofold keeps); FreeOTP 2's backups hold the vectors' counters.
// The v2 backups (password "test") were made on Android API 23, 25, 27 and 34: API 23 wrote the
// master key's GCM parameters as a bare OCTET STRING, the others as a SEQUENCE; API 34's uses
// PBKDF2-HMAC-SHA512, API 23's PBKDF2-HMAC-SHA1. freeotp_v2_null_algo.xml's token has no algo,
// digits or period: FreeOTP's defaults (SHA1, 6, 30) apply.

const dir = 'aegis/importers'
const SIX = ['Deno', 'SPDX', 'Airbnb', 'Issuu', 'Air Canada', 'WWE']

const counterOneBelow = (account: Account): Account =>
  account.type === 'hotp' ? { ...account, counter: (account.counter ?? 0) - 1 } : account

describe.skipIf(!thirdPartyAvailable())('FreeOTP samples', () => {
  it('freeotp.xml (FreeOTP 1.x tokens.xml) holds its four Aegis accounts', async () => {
    const parsed = await importFixture(`${dir}/freeotp.xml`)
    expect(parsed.format).toBe('freeotp-rooted')
    // In the app's order (tokenOrder), not the file's.
    expect(parsed.entries.map((entry) => entry.issuer)).toEqual(['WWE', 'Issuu', 'Airbnb', 'Deno'])
    expect(await importedAccounts(`${dir}/freeotp.xml`)).toEqual(
      sorted(vectorsFor('Deno', 'Airbnb', 'Issuu', 'WWE').map(counterOneBelow)),
    )
  })

  it.each([
    ['freeotp_plus.json', 'freeotp-plus'],
    ['freeotp_plus_internal.xml', 'freeotp-rooted'],
  ])('%s holds the six Aegis accounts', async (file, format) => {
    expect((await importFixture(`${dir}/${file}`)).format).toBe(format)
    expect(await importedAccounts(`${dir}/${file}`)).toEqual(sorted(vectorsFor(...SIX).map(counterOneBelow)))
  })

  it.each(['freeotp_v2_api23.xml', 'freeotp_v2_api25.xml', 'freeotp_v2_api27.xml', 'freeotp_v2_api34.xml'])(
    '%s (FreeOTP 2 backup) holds the six Aegis accounts',
    async (file) => {
      expect((await importFixture(`${dir}/${file}`, { password: 'test' })).format).toBe('freeotp-backup')
      expect(await importedAccounts(`${dir}/${file}`, { password: 'test' })).toEqual(
        sorted(vectorsFor(...SIX)),
      )
    },
  )

  it('freeotp_v2_null_algo.xml reads its token with FreeOTP’s defaults', async () => {
    expect(await importedAccounts(`${dir}/freeotp_v2_null_algo.xml`, { password: 'test' })).toEqual(
      sorted(vectorsFor('Deno')),
    )
  })

  it('refuses the backups without a password, and with a wrong one', async () => {
    for (const file of ['freeotp_v2_api23.xml', 'freeotp_v2_api34.xml']) {
      await expect(importFixture(`${dir}/${file}`)).rejects.toSatisfy((error) =>
        isTwofoldError(error, 'import-password-required'),
      )
      await expect(importFixture(`${dir}/${file}`, { password: 'nope' })).rejects.toSatisfy((error) =>
        isTwofoldError(error, 'import-wrong-password'),
      )
    }
  })
})
