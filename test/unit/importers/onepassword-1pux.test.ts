import { describe, expect, it } from 'vitest'
import { detectFormat } from '../../../electron/core/importers/read-import.ts'
import { onePux, onePuxData, zipOf } from './builders/password-managers.ts'
import { expectImportError, importedSummaries, steam, totp } from './import-helpers.ts'

const SECRET = 'JBSWY3DPEHPK3PXP'

const vaults = {
  'Client Acme': [
    {
      title: 'Acme Instagram',
      url: 'https://instagram.com/acme',
      username: 'acme.official',
      password: 'never-imported',
      notes: 'owner: Ana',
      totps: [`otpauth://totp/Instagram:acme?secret=${SECRET}&issuer=Instagram&digits=8`],
    },
    { title: 'Acme blog', url: 'https://blog.acme.test', username: 'editor', password: 'pw' },
    { title: 'Deleted', totps: [SECRET], trashed: true },
  ],
  Private: [
    // A bare secret, as pasted into 1Password; the title is the issuer, the only address the platform.
    {
      title: 'Work mail',
      urls: ['https://accounts.google.com'],
      username: 'me@agency.test',
      totps: ['gezd gnbv gy3t qojq'],
    },
    { title: 'Steam', totps: [`steam://${SECRET}`] },
    // Two one-time passwords on one item: both are read.
    {
      title: 'Twice',
      totps: [`otpauth://totp/One?secret=${SECRET}`, 'otpauth://totp/Two?secret=GEZDGNBVGY3TQOJQ'],
    },
    { title: 'Broken', totps: ['otpauth://totp/x?secret=***'] },
  ],
}

describe('1Password (.1pux)', () => {
  it('reads TOTP fields with title, username, URL, vault and notes; skips logins without one and trashed items', async () => {
    const file = await onePux(vaults)
    expect(await detectFormat(file)).toBe('1password-1pux')
    const parsed = await importedSummaries(file)
    expect(parsed.format).toBe('1password-1pux')
    expect(parsed.entries).toEqual([
      {
        issuer: 'Instagram',
        accountName: 'acme',
        group: 'Client Acme',
        note: 'owner: Ana',
        secret: SECRET,
        params: totp('SHA1', 8),
        platform: 'instagram',
      },
      {
        issuer: 'Work mail',
        accountName: 'me@agency.test',
        group: 'Private',
        secret: 'GEZDGNBVGY3TQOJQ',
        params: totp(),
        platform: 'google',
      },
      { issuer: 'Steam', accountName: '', group: 'Private', secret: SECRET, params: steam },
      // The links' labels name the accounts; the item's title is the issuer they lack.
      { issuer: 'Twice', accountName: 'One', group: 'Private', secret: SECRET, params: totp() },
      { issuer: 'Twice', accountName: 'Two', group: 'Private', secret: 'GEZDGNBVGY3TQOJQ', params: totp() },
    ])
    expect(parsed.failed.map(({ position, name }) => [position, name])).toEqual([[7, 'Broken']])
    expect(parsed.failed[0]?.reason).toMatch(/Base32/)
    expect(JSON.stringify(parsed)).not.toContain('never-imported')
  })

  it('takes the host as the issuer when an item has no title', async () => {
    const parsed = await importedSummaries(
      await onePux({ V: [{ url: 'https://www.tiktok.com/', totps: [SECRET] }] }),
    )
    expect(parsed.entries).toMatchObject([{ issuer: 'tiktok.com', platform: 'tiktok', group: 'V' }])
  })

  it('refuses damaged exports with a typed error', async () => {
    const file = await onePux(vaults)
    await expectImportError(file.subarray(0, file.length - 30), 'import-unreadable', {
      format: '1password-1pux',
    })
    const notJson = await zipOf({ 'export.attributes': '{}', 'export.data': '{"accounts": [' })
    expect(await detectFormat(notJson)).toBe('1password-1pux')
    await expectImportError(notJson, 'import-unreadable')
    await expectImportError(await onePux({ accounts: 'none' }, true), 'import-unreadable')
    // Items that are not objects are failed, not fatal.
    const odd = onePuxData(vaults) as { accounts: { vaults: { items: unknown[] }[] }[] }
    odd.accounts[0]?.vaults[0]?.items.push(42)
    const parsed = await importedSummaries(await onePux(odd, true))
    expect(parsed.entries).toHaveLength(5)
    expect(parsed.failed.map(({ position }) => position)).toEqual([4, 8])
  })

  it('is not claimed for other zips', async () => {
    expect(await detectFormat(await zipOf({ 'export.data': '{}' }))).not.toBe('1password-1pux')
  })
})
