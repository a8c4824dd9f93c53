import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { isTwofoldError } from '../../../electron/core/errors.ts'
import { fixture, thirdPartyAvailable } from '../third-party-fixtures.ts'
import { importedAccounts, importFixture, sorted, type Account } from './imported-accounts.ts'

// Google Authenticator export samples from extract_otp_secrets. Google's export carries no period
// and its accounts here use the defaults, so every TOTP account is SHA1/6/30.

interface ScitoAccount {
  name: string
  secret: string
  issuer: string
  type: 'totp' | 'hotp'
  counter: number | null
}

const dir = 'google-migration'

function googleAccount(issuer: string, name: string, secret: string): Account {
  return { issuer, name, secret, type: 'totp', algo: 'SHA1', digits: 6, period: 30 }
}

describe.skipIf(!thirdPartyAvailable())('Google Authenticator export samples', () => {
  it('example_export.txt (five links, one holding two accounts) gives the six accounts of example_output.json', async () => {
    const expected = (
      JSON.parse(readFileSync(fixture(dir, 'example_output.json'), 'utf8')) as ScitoAccount[]
    ).map((account): Account =>
      account.type === 'hotp'
        ? {
            issuer: account.issuer,
            name: account.name,
            secret: account.secret,
            type: 'hotp',
            algo: 'SHA1',
            digits: 6,
            counter: account.counter ?? 0,
          }
        : googleAccount(account.issuer, account.name, account.secret),
    )
    expect(expected).toHaveLength(6)
    expect((await importFixture(`${dir}/example_export.txt`)).format).toBe('google-migration')
    expect(await importedAccounts(`${dir}/example_export.txt`)).toEqual(sorted(expected))
  })

  it('test_plus_problem_export.txt: a raw "+" in the data stays a "+"', async () => {
    // Google names these "SerenityLabs:testN@…"; the prefix repeats the issuer and is removed.
    const secrets = [
      'A4RFDYMF4GSLUIBQV4ZP67OJEZ2XUQVM',
      'SCDDZ7PW5MOZLE3PQCAZM7L4S35K3UDX',
      'TR76272RVYO6EAEY2FX7W7R7KUDEGPJ4',
      'N2ILWSXSJUQUB7S6NONPJSC62NPG7EXN',
    ]
    expect(await importedAccounts(`${dir}/test_plus_problem_export.txt`)).toEqual(
      sorted(
        secrets.map((secret, index) =>
          googleAccount('SerenityLabs', `test${index + 1}@serenitylabs.co.uk`, secret),
        ),
      ),
    )
  })

  it('test_googleauth_export.png: the QR code of an export gives its three accounts', async () => {
    expect((await importFixture(`${dir}/test_googleauth_export.png`)).format).toBe('qr-image')
    expect(await importedAccounts(`${dir}/test_googleauth_export.png`)).toEqual(
      sorted([
        googleAccount('Test1', 'test1@example1.com', 'JBSWY3DPEHPK3PXP'),
        googleAccount('Test2', 'test2@example2.com', 'JBSWY3DPEHPK3PXQ'),
        googleAccount('Test3', 'test3@example3.com', 'JBSWY3DPEHPK3PXR'),
      ]),
    )
  })

  it('qr_but_without_otp.png: a QR code without a 2FA key says so', async () => {
    await expect(importFixture(`${dir}/qr_but_without_otp.png`)).rejects.toSatisfy((error) =>
      isTwofoldError(error, 'import-no-otp'),
    )
  })

  it('test_export_wrong_data.txt: undecodable export data is refused', async () => {
    await expect(importFixture(`${dir}/test_export_wrong_data.txt`)).rejects.toSatisfy((error) =>
      isTwofoldError(error, 'import-unreadable'),
    )
  })

  it('test_export_wrong_content.txt: text without any link is refused, detected or forced', async () => {
    await expect(importFixture(`${dir}/test_export_wrong_content.txt`)).rejects.toSatisfy((error) =>
      isTwofoldError(error, 'import-unsupported-format'),
    )
    await expect(
      importFixture(`${dir}/test_export_wrong_content.txt`, { format: 'google-migration' }),
    ).rejects.toSatisfy((error) => isTwofoldError(error, 'import-no-otp'))
  })
})
