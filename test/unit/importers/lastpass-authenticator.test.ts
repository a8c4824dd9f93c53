import { describe, expect, it } from 'vitest'
import { detectFormat } from '../../../electron/core/importers/read-import.ts'
import { expectImportError, importedSummaries, text, totp } from './import-helpers.ts'
import { lastPassExport } from './builders/rooted-phone.ts'

// LastPass Authenticator's JSON export: TOTP accounts with settings and folders (first folder = client).

const A = '4SJHB4GSD43FZBAI7C2HLRJGPQ'
const B = '5OM4WOOGPLQEF6UGN3CPEOOLWU'

describe('LastPass Authenticator export', () => {
  it('reads every account with issuer, user name, settings and folder', async () => {
    const file = lastPassExport(
      [
        {
          issuerName: 'SPDX',
          userName: 'James',
          secret: B,
          algorithm: 'SHA256',
          digits: 7,
          timeStep: 20,
          folderId: 2,
        },
        { issuerName: 'Deno', userName: 'Mason', secret: 'cs4x 4sgs eya2 oc4q', folderId: 0 },
        { issuerName: '', userName: 'Lonely', secret: A },
      ],
      [
        { id: 1, name: 'Favorites' },
        { id: 2, name: 'Acme Corp' },
      ],
    )
    const parsed = await importedSummaries(file)
    expect(parsed.format).toBe('lastpass-authenticator')
    expect(parsed.failed).toEqual([])
    expect(parsed.entries).toEqual([
      { issuer: 'SPDX', accountName: 'James', secret: B, params: totp('SHA256', 7, 20), group: 'Acme Corp' },
      { issuer: 'Deno', accountName: 'Mason', secret: 'CS4X4SGSEYA2OC4Q', params: totp() },
      // No issuer: the user name is what LastPass shows as the title.
      { issuer: 'Lonely', accountName: '', secret: A, params: totp() },
    ])
  })

  it('lists an unknown algorithm, a missing folder and a missing secret as failed', async () => {
    const file = Buffer.from(
      JSON.stringify({
        version: 3,
        accounts: [
          {
            issuerName: 'Odd',
            userName: 'o',
            secret: A,
            timeStep: 30,
            digits: 6,
            algorithm: 'MD5',
            folderData: { folderId: 0, position: 0 },
          },
          {
            issuerName: 'Lost',
            userName: 'l',
            secret: A,
            timeStep: 30,
            digits: 6,
            algorithm: 'SHA1',
            folderData: { folderId: 9, position: 1 },
          },
          { issuerName: 'Empty', userName: 'e', timeStep: 30, digits: 6, algorithm: 'SHA1', secret: null },
          { issuerName: 'Deno', userName: 'Mason', secret: A, timeStep: 30, digits: 6, algorithm: 'SHA1' },
        ],
        folders: [],
      }),
    )
    const parsed = await importedSummaries(file)
    expect(parsed.entries.map((entry) => entry.issuer)).toEqual(['Deno'])
    expect(parsed.failed.map(({ position, name }) => ({ position, name }))).toEqual([
      { position: 1, name: 'Odd: o' },
      { position: 2, name: 'Lost: l' },
      { position: 3, name: 'Empty: e' },
    ])
    expect(parsed.failed[1]?.reason).toMatch(/folder/)
  })

  it('refuses a version it does not know, and a damaged file', async () => {
    await expectImportError(
      lastPassExport([{ issuerName: 'Deno', userName: 'Mason', secret: A }], [], 4),
      'import-unsupported-format',
    )
    const file = lastPassExport([{ issuerName: 'Deno', userName: 'Mason', secret: A }])
    await expectImportError(file.subarray(0, file.length - 30), 'import-unreadable')
  })

  it('is detected by its accounts, and does not claim other JSON files', async () => {
    expect(await detectFormat(lastPassExport([{ issuerName: 'Deno', userName: 'Mason', secret: A }]))).toBe(
      'lastpass-authenticator',
    )
    expect(await detectFormat(lastPassExport([]))).toBe('lastpass-authenticator')
    expect(await detectFormat(text(JSON.stringify({ version: 1, accounts: [{ name: 'x' }] })))).not.toBe(
      'lastpass-authenticator',
    )
  })
})
