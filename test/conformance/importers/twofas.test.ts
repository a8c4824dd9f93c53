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
} from './imported-accounts.ts'

// 2FAS samples from Aegis's importer tests, schemas 1–4, plain and encrypted (password "test").
// Schema 1 stores no OTP settings and schema 2 no token type, so — as in Aegis's own test — their
// accounts read as plain TOTP: schema 1 entirely SHA1/6/30, schema 2 keeping algorithm and digits.

const dir = 'aegis/importers'

describe.skipIf(!thirdPartyAvailable())('2FAS samples', () => {
  it('schema 1 (2fas_authenticator.json): six accounts, all TOTP SHA1/6/30', async () => {
    const expected = vectorsFor(...SEVEN.slice(0, 6)).map((account) => ({
      ...asPlainTotp(account),
      algo: 'SHA1',
      digits: 6,
    }))
    expect(await importedAccounts(`${dir}/2fas_authenticator.json`)).toEqual(sorted(expected))
  })

  it.each([
    ['2fas_authenticator_plain.2fas', undefined],
    ['2fas_authenticator_encrypted.2fas', 'test'],
  ])('schema 2 (%s): four accounts, HOTP read as TOTP with period 30', async (file, password) => {
    const expected = vectorsFor('Deno', 'Airbnb', 'Issuu', 'WWE').map((account) =>
      account.type === 'hotp' ? asPlainTotp(account) : account,
    )
    expect(await importedAccounts(`${dir}/${file}`, password === undefined ? {} : { password })).toEqual(
      sorted(expected),
    )
  })

  it.each([
    ['2fas_authenticator_plain_v3.2fas', undefined],
    ['2fas_authenticator_encrypted_v3.2fas', 'test'],
  ])('schema 3 (%s): six accounts', async (file, password) => {
    expect(await importedAccounts(`${dir}/${file}`, password === undefined ? {} : { password })).toEqual(
      sorted(vectorsFor(...SEVEN.slice(0, 6))),
    )
  })

  it.each([
    ['2fas_authenticator_plain_v4.2fas', undefined],
    ['2fas_authenticator_encrypted_v4.2fas', 'test'],
  ])('schema 4 (%s): five accounts including Steam', async (file, password) => {
    const parsed = await importFixture(`${dir}/${file}`, password === undefined ? {} : { password })
    expect(parsed.format).toBe('twofas')
    expect(await importedAccounts(`${dir}/${file}`, password === undefined ? {} : { password })).toEqual(
      sorted(vectorsFor('Deno', 'Issuu', 'Air Canada', 'WWE', 'Boeing')),
    )
  })

  it('an encrypted backup asks for its password, and its reference field rejects a wrong one', async () => {
    await expect(importFixture(`${dir}/2fas_authenticator_encrypted_v4.2fas`)).rejects.toSatisfy((error) =>
      isTwofoldError(error, 'import-password-required'),
    )
    await expect(
      importFixture(`${dir}/2fas_authenticator_encrypted_v4.2fas`, { password: 'Test' }),
    ).rejects.toSatisfy((error) => isTwofoldError(error, 'import-wrong-password'))
  })
})
