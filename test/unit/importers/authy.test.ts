import { describe, expect, it } from 'vitest'
import { encodeBase32Secret } from '../../../electron/core/engine/index.ts'
import { detectFormat } from '../../../electron/core/importers/read-import.ts'
import { expectImportError, importedSummaries, totp } from './import-helpers.ts'
import { AUTHY_TOKENS_KEY, authyEncryptedToken, authyPlainToken, authyXml } from './builders/rooted-phone.ts'

// Authy's token file from a rooted phone: plain and encrypted authenticator tokens, Authy's own
// tokens, names untangled the way Authy stores them.

const A = '4SJHB4GSD43FZBAI7C2HLRJGPQ'
const B = '5OM4WOOGPLQEF6UGN3CPEOOLWU'
const C = '7ELGJSGXNCCTV3O6LKJWYFV2RA'
const PASSWORD = 'authy backup password'

describe('Authy token file', () => {
  it('reads plain tokens: issuer and name from originalIssuer, originalName, " - " names or the account type', async () => {
    const parsed = await importedSummaries(
      authyXml([
        authyPlainToken({
          name: 'Deno: Mason',
          originalIssuer: 'Deno',
          originalName: 'Deno:Mason',
          secret: A,
        }),
        authyPlainToken({ name: 'SPDX: James', originalName: 'SPDX:James', secret: B, digits: 7 }),
        authyPlainToken({ name: 'Airbnb - Elijah', secret: C, digits: 8 }),
        authyPlainToken({ name: 'ana@example.com', accountType: 'dropbox', secret: A }),
      ]),
    )
    expect(parsed.format).toBe('authy')
    expect(parsed.failed).toEqual([])
    expect(parsed.entries).toEqual([
      { issuer: 'Deno', accountName: 'Mason', secret: A, params: totp() },
      { issuer: 'SPDX', accountName: 'James', secret: B, params: totp('SHA1', 7) },
      { issuer: 'Airbnb', accountName: 'Elijah', secret: C, params: totp('SHA1', 8) },
      { issuer: 'Dropbox', accountName: 'ana@example.com', secret: A, params: totp() },
    ])
  })

  it("reads Authy's own tokens: hex seed, 10-second codes", async () => {
    const seed = Buffer.from('00112233445566778899aabbccddeeff', 'hex')
    const parsed = await importedSummaries(
      authyXml(
        [{ name: 'Twitch', secretSeed: seed.toString('hex'), digits: 7, accountType: 'authy' }],
        AUTHY_TOKENS_KEY,
      ),
    )
    expect(parsed.format).toBe('authy')
    expect(parsed.entries).toEqual([
      { issuer: 'Twitch', accountName: '', secret: encodeBase32Secret(seed), params: totp('SHA1', 7, 10) },
    ])
  })

  it('decrypts encrypted tokens with the backup password', async () => {
    const file = authyXml([
      authyEncryptedToken({ name: 'Deno: Mason', originalIssuer: 'Deno', secret: A }, PASSWORD),
      authyEncryptedToken({ name: 'SPDX: James', originalIssuer: 'SPDX', secret: B, digits: 7 }, PASSWORD),
    ])
    const parsed = await importedSummaries(file, { password: PASSWORD })
    expect(parsed.failed).toEqual([])
    expect(parsed.entries).toEqual([
      { issuer: 'Deno', accountName: 'Mason', secret: A, params: totp() },
      { issuer: 'SPDX', accountName: 'James', secret: B, params: totp('SHA1', 7) },
    ])
  })

  it('asks for the password when tokens are encrypted, and refuses a wrong one', async () => {
    const file = authyXml([
      authyEncryptedToken({ name: 'Deno: Mason', originalIssuer: 'Deno', secret: A }, PASSWORD),
    ])
    await expectImportError(file, 'import-password-required')
    await expectImportError(file, 'import-password-required', { password: '' })
    await expectImportError(file, 'import-wrong-password', { password: 'not it' })
  })

  it('lists a later token that does not decrypt as failed, and imports the rest', async () => {
    const good = authyEncryptedToken({ name: 'Deno: Mason', originalIssuer: 'Deno', secret: A }, PASSWORD)
    const damaged = {
      ...authyEncryptedToken({ name: 'SPDX: James', originalIssuer: 'SPDX', secret: B }, PASSWORD),
      encryptedSecret: 'AAAAAAAAAAAAAAAAAAAAAA==',
    }
    const parsed = await importedSummaries(authyXml([good, damaged]), { password: PASSWORD })
    expect(parsed.entries.map((entry) => entry.issuer)).toEqual(['Deno'])
    expect(parsed.failed.map(({ position, name }) => ({ position, name }))).toEqual([
      { position: 2, name: 'SPDX: James' },
    ])
    expect(parsed.failed[0]?.reason).toMatch(/decrypt/)
  })

  it('reports a damaged file as unreadable', async () => {
    const file = authyXml([authyPlainToken({ name: 'Deno: Mason', originalIssuer: 'Deno', secret: A })])
    await expectImportError(file.subarray(0, file.length - 40), 'import-unreadable', { format: 'authy' })
    const notJson = Buffer.from(
      `<?xml version='1.0' encoding='utf-8' standalone='yes' ?><map><string name="com.authy.storage.tokens.authenticator.key">[{oops</string></map>`,
    )
    await expectImportError(notJson, 'import-unreadable')
  })

  it('is detected by its setting name, and does not claim other apps’ settings files', async () => {
    expect(await detectFormat(authyXml([]))).toBe('authy')
    const other = Buffer.from(
      `<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<map>\n<string name="theme">dark</string>\n</map>\n`,
    )
    expect(await detectFormat(other)).not.toBe('authy')
  })
})
