import { describe, expect, it } from 'vitest'
import { encodeBase32Secret } from '../../../electron/core/engine/index.ts'
import { importedSummaries, totp } from './import-helpers.ts'
import { microsoftAuthenticatorDb } from './builders/rooted-phone.ts'

// Microsoft Authenticator's own database (rooted phone): TOTP accounts, personal Microsoft accounts
// (Base64 secrets, 8 digits), and work accounts without a code secret (listed, not dropped).

const A = '4SJHB4GSD43FZBAI7C2HLRJGPQ'

describe('Microsoft Authenticator database', () => {
  it('reads TOTP accounts (Base32) and Microsoft accounts (Base64, 8 digits) with issuer and user name', async () => {
    const microsoftKey = Buffer.from('0123456789abcdefghij', 'utf8')
    const parsed = await importedSummaries(
      microsoftAuthenticatorDb([
        { name: 'Deno', username: 'Mason', secret: A, type: 0 },
        { name: 'Microsoft', username: 'ana@outlook.com', secret: microsoftKey.toString('base64'), type: 1 },
      ]),
    )
    expect(parsed.format).toBe('microsoft-authenticator-db')
    expect(parsed.failed).toEqual([])
    expect(parsed.entries).toEqual([
      { issuer: 'Deno', accountName: 'Mason', secret: A, params: totp() },
      {
        issuer: 'Microsoft',
        accountName: 'ana@outlook.com',
        secret: encodeBase32Secret(microsoftKey),
        params: totp('SHA1', 8),
      },
    ])
  })

  it('lists work or school accounts (no code secret) as failed with the reason, and a bad secret too', async () => {
    const parsed = await importedSummaries(
      microsoftAuthenticatorDb([
        { name: 'Contoso', username: 'bob@contoso.com', secret: '', type: 2 },
        { name: 'Broken', username: 'x', secret: '***', type: 1 },
        { name: 'Deno', username: 'Mason', secret: A },
      ]),
    )
    expect(parsed.entries.map((entry) => entry.issuer)).toEqual(['Deno'])
    expect(parsed.failed.map(({ position, name }) => ({ position, name }))).toEqual([
      { position: 1, name: 'Contoso: bob@contoso.com' },
      { position: 2, name: 'Broken: x' },
    ])
    expect(parsed.failed[0]?.reason).toMatch(/notification/)
    expect(parsed.failed[1]?.reason).toMatch(/Base64/)
  })
})
