import { describe, expect, it } from 'vitest'
import { detectFormat } from '../../../electron/core/importers/read-import.ts'
import { hotp, importedSummaries, steam, totp } from './import-helpers.ts'
import { asWalMode, authenticatorProDb } from './builders/rooted-phone.ts'

// Authenticator Pro's (Stratum's) own database (rooted phone): every field of the authenticator
// table, categories in their own order, unsupported kinds listed.

const A = '4SJHB4GSD43FZBAI7C2HLRJGPQ'
const B = 'YOOMIXWS5GN6RTBPUFFWKTW5M4'
const C = 'JRZCL47CMXVOQMNPZR2F7J4RGI'
const D = '5VAML3X35THCEBVRLV24CGBKOY'

describe('Authenticator Pro database', () => {
  it('reads TOTP, HOTP and Steam with every setting, categories as client then tags', async () => {
    const file = authenticatorProDb(
      [
        { type: 2, issuer: 'SPDX', username: 'James', secret: A, algorithm: 1, digits: 7, period: 20 },
        { type: 1, issuer: 'WWE', username: 'Mason', secret: B, algorithm: 2, digits: 8, counter: 10300 },
        { type: 4, issuer: 'Steam', username: null, secret: C, digits: 5 },
      ],
      [
        { id: 'urgent', name: 'Urgent', ranking: 1 },
        { id: 'acme', name: 'Acme Corp', ranking: 0 },
      ],
      [
        { categoryId: 'urgent', authenticatorSecret: A },
        { categoryId: 'acme', authenticatorSecret: A },
        { categoryId: 'urgent', authenticatorSecret: B },
      ],
    )
    const parsed = await importedSummaries(asWalMode(file))
    expect(parsed.format).toBe('authenticator-pro-db')
    expect(parsed.failed).toEqual([])
    expect(parsed.entries).toEqual([
      {
        issuer: 'SPDX',
        accountName: 'James',
        secret: A,
        params: totp('SHA256', 7, 20),
        group: 'Acme Corp',
        tags: ['Urgent'],
      },
      {
        issuer: 'WWE',
        accountName: 'Mason',
        secret: B,
        params: hotp('SHA512', 8),
        counter: 10300,
        group: 'Urgent',
      },
      { issuer: 'Steam', accountName: '', secret: C, params: steam },
    ])
  })

  it('lists mOTP, Yandex and an unknown algorithm as failed, with reasons', async () => {
    const parsed = await importedSummaries(
      authenticatorProDb([
        { type: 3, issuer: 'Motp', username: 'm', secret: 'abcdef0123' },
        { type: 5, issuer: 'Yandex', username: 'y', secret: D },
        { type: 2, issuer: 'Odd', username: 'o', secret: B, algorithm: 9 },
        { type: 2, issuer: 'Deno', username: 'Mason', secret: A },
      ]),
    )
    expect(parsed.entries.map((entry) => entry.issuer)).toEqual(['Deno'])
    expect(parsed.failed.map(({ position, name }) => ({ position, name }))).toEqual([
      { position: 1, name: 'Motp: m' },
      { position: 2, name: 'Yandex: y' },
      { position: 3, name: 'Odd: o' },
    ])
    expect(parsed.failed[0]?.reason).toMatch(/mOTP/)
    expect(parsed.failed[1]?.reason).toMatch(/Yandex/)
    expect(parsed.failed[2]?.reason).toMatch(/algorithm/)
  })

  it('is detected by its tables', async () => {
    expect(await detectFormat(authenticatorProDb([]))).toBe('authenticator-pro-db')
  })
})
