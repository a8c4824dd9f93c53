import { describe, expect, it } from 'vitest'
import { hotp, importedSummaries, text, totp } from './import-helpers.ts'

describe('Authenticator Pro backup', () => {
  it('reads entries, their categories (first = group, rest = tags), and lists mOTP/Yandex as failed', async () => {
    const backup = {
      Authenticators: [
        {
          Type: 2,
          Issuer: 'Instagram',
          Username: 'ana',
          Secret: 'JBSWY3DPEHPK3PXP',
          Algorithm: 1,
          Digits: 6,
          Period: 30,
          Counter: 0,
        },
        {
          Type: 1,
          Issuer: 'Bank',
          Username: 'bob',
          Secret: 'GEZDGNBVGY3TQOJQ',
          Algorithm: 0,
          Digits: 6,
          Period: 30,
          Counter: 3,
        },
        {
          Type: 3,
          Issuer: 'MotpCo',
          Username: 'm',
          Secret: 'abcdef',
          Pin: '1234',
          Algorithm: 0,
          Digits: 6,
          Period: 10,
        },
        {
          Type: 5,
          Issuer: 'Yandex',
          Username: 'y',
          Secret: 'JBSWY3DPEHPK3PXP',
          Algorithm: 0,
          Digits: 8,
          Period: 30,
        },
        {
          Type: 2,
          Issuer: 'Odd',
          Username: 'o',
          Secret: 'JBSWY3DPEHPK3PXP',
          Algorithm: 7,
          Digits: 6,
          Period: 30,
        },
      ],
      Categories: [
        { Id: 'c1', Name: 'Client A' },
        { Id: 'c2', Name: 'Urgent' },
      ],
      AuthenticatorCategories: [
        { CategoryId: 'c1', AuthenticatorSecret: 'JBSWY3DPEHPK3PXP' },
        { CategoryId: 'c2', AuthenticatorSecret: 'JBSWY3DPEHPK3PXP' },
      ],
      CustomIcons: [],
    }
    const parsed = await importedSummaries(text(JSON.stringify(backup)))
    expect(parsed.format).toBe('authenticator-pro')
    expect(parsed.entries).toEqual([
      {
        issuer: 'Instagram',
        accountName: 'ana',
        group: 'Client A',
        tags: ['Urgent'],
        secret: 'JBSWY3DPEHPK3PXP',
        params: totp('SHA256'),
      },
      { issuer: 'Bank', accountName: 'bob', secret: 'GEZDGNBVGY3TQOJQ', params: hotp(), counter: 3 },
    ])
    expect(parsed.failed.map(({ name, reason }) => [name, reason.slice(0, 6)])).toEqual([
      ['MotpCo: m', 'mOTP e'],
      ['Yandex: y', 'Yandex'],
      ['Odd: o', 'its al'],
    ])
  })
})
