import { describe, expect, it } from 'vitest'
import { detectFormat } from '../../../electron/core/importers/read-import.ts'
import { maFileJson, reason, sdaFolderZip } from './builders/small-apps.ts'
import { expectImportError, importedSummaries, steam, text } from './import-helpers.ts'

// shared_secret "SGVsbG8h3q2+7w==" is the bytes of JBSWY3DPEHPK3PXP; "MTIzNDU2Nzg5MDEy" of GEZDGNBVGY3TQOJQGEZA.
const ana = { account_name: 'ana_gamer', shared_secret: 'SGVsbG8h3q2+7w==', steamid: '76561198000000001' }
const bob = { account_name: 'bob_trader', shared_secret: 'MTIzNDU2Nzg5MDEy', steamid: '76561198000000002' }
const anaEntry = { issuer: 'Steam', accountName: 'ana_gamer', secret: 'JBSWY3DPEHPK3PXP', params: steam }
const bobEntry = { issuer: 'Steam', accountName: 'bob_trader', secret: 'GEZDGNBVGY3TQOJQGEZA', params: steam }

describe('Steam Desktop Authenticator maFile', () => {
  it('reads the shared secret as a Steam entry named after the account', async () => {
    const parsed = await importedSummaries(text(JSON.stringify(maFileJson(ana))), { fileName: 'x.maFile' })
    expect(parsed.format).toBe('steam-desktop-authenticator')
    expect(parsed.entries).toEqual([anaEntry])
  })

  it('keeps neither the revocation code nor the identity secret', async () => {
    const parsed = await importedSummaries(text(JSON.stringify(maFileJson(ana))))
    expect(JSON.stringify(parsed.entries)).not.toMatch(/R12345|aWRlbnRpdHk/)
  })

  it('reads a zipped maFiles folder, plain, with every account in it', async () => {
    const parsed = await importedSummaries(await sdaFolderZip([ana, bob]))
    expect(parsed.format).toBe('steam-desktop-authenticator')
    expect(parsed.entries).toEqual([anaEntry, bobEntry])
  })

  it('decrypts a passkey-encrypted folder with the salts and IVs from manifest.json', async () => {
    const sealed = await sdaFolderZip([ana, bob], 'pass key')
    const parsed = await importedSummaries(sealed, { password: 'pass key' })
    expect(parsed.format).toBe('steam-desktop-authenticator')
    expect(parsed.entries).toEqual([anaEntry, bobEntry])
    await expectImportError(sealed, 'import-password-required')
    await expectImportError(sealed, 'import-wrong-password', { password: 'wrong key' })
  })

  it('refuses a lone encrypted maFile and says what to import instead', async () => {
    const lone = text('Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4\n')
    expect(await detectFormat(lone, '76561198000000001.maFile')).toBe('steam-desktop-authenticator')
    let message = ''
    try {
      await importedSummaries(lone, { fileName: '76561198000000001.maFile' })
    } catch (error) {
      message = (error as Error).message
      expect((error as { code: string }).code).toBe('import-unsupported-format')
    }
    expect(message).toMatch(/manifest\.json/)
  })

  it('lists a maFile missing from the manifest, or one without a secret, as failed', async () => {
    const sealed = await sdaFolderZip([ana], 'pk', { extra: { 'maFiles/999.maFile': 'AAAA' } })
    const parsed = await importedSummaries(sealed, { password: 'pk' })
    expect(parsed.entries).toEqual([anaEntry])
    expect(parsed.failed).toEqual([
      { position: 2, name: '999.maFile', reason: reason(/not listed in manifest\.json/) },
    ])
    const noSecret = JSON.stringify({ account_name: 'ghost', steamid: 1 })
    const plain = await importedSummaries(
      await sdaFolderZip([bob], undefined, { extra: { 'maFiles/1.maFile': noSecret } }),
    )
    expect(plain.entries).toEqual([bobEntry])
    expect(plain.failed).toEqual([{ position: 2, name: 'ghost', reason: reason(/shared secret is missing/) }])
  })

  it('refuses damaged files with typed errors', async () => {
    const json = JSON.stringify(maFileJson(ana))
    await expectImportError(text(json.slice(0, 60)), 'import-unreadable')
    const zip = await sdaFolderZip([ana])
    await expectImportError(zip.subarray(0, 80), 'import-unreadable', {
      format: 'steam-desktop-authenticator',
    })
    const bad = await importedSummaries(text(JSON.stringify({ ...maFileJson(ana), shared_secret: '!!' })))
    expect(bad.failed).toEqual([{ position: 1, name: 'ana_gamer', reason: reason(/Base64/) }])
  })
})

describe('Steam app file (rooted phone)', () => {
  it('reads every account in the accounts map', async () => {
    const file = { accounts: { a: maFileJson(ana), b: maFileJson(bob) } }
    const parsed = await importedSummaries(text(JSON.stringify(file)))
    expect(parsed.format).toBe('steam-app')
    expect(parsed.entries).toEqual([anaEntry, bobEntry])
  })

  it('is not claimed for other JSON with an accounts key', async () => {
    expect(await detectFormat(text(JSON.stringify({ accounts: { a: { name: 'x' } } })))).toBe(null)
    expect(
      await detectFormat(text(JSON.stringify([{ secret: 'JBSWY3DPEHPK3PXP', label: 'a', type: 'TOTP' }]))),
    ).toBe('andotp')
  })
})
