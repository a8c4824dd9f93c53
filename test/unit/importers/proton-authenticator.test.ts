import { describe, expect, it } from 'vitest'
import { detectFormat } from '../../../electron/core/importers/read-import.ts'
import { protonEncryptedExport, protonExport } from './builders/authenticator-apps.ts'
import { enteExport } from './export-builders.ts'
import { expectImportError, importedSummaries, steam, text, totp } from './import-helpers.ts'

// Proton Authenticator's JSON export, plain and password-protected, built the way Proton's
// proton-pass-common writes them.

const plain = protonExport([
  {
    uri: 'otpauth://totp/GitHub:ana%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=GitHub&algorithm=SHA256&digits=8&period=60',
    name: 'ana (work)',
    note: 'recovery codes in the safe',
  },
  {
    uri: 'otpauth://totp/Deno:Mason?secret=4SJHB4GSD43FZBAI7C2HLRJGPQ&issuer=Deno&algorithm=SHA1&digits=6&period=30',
  },
  { uri: 'steam://KRUGS4ZANFZSAYJA', entry_type: 'Steam', name: 'gamer' },
  { uri: 'otpauth://totp/X:y?secret=JBSWY3DPEHPK3PXP', entry_type: 'Yubikey', name: 'odd one' },
  { uri: 'otpauth://totp/Bad:z?secret=not*base32', name: 'broken' },
])
const expected = [
  {
    issuer: 'GitHub',
    accountName: 'ana (work)',
    note: 'recovery codes in the safe',
    secret: 'JBSWY3DPEHPK3PXP',
    params: totp('SHA256', 8, 60),
  },
  { issuer: 'Deno', accountName: 'Mason', secret: '4SJHB4GSD43FZBAI7C2HLRJGPQ', params: totp() },
  { issuer: 'Steam', accountName: 'gamer', secret: 'KRUGS4ZANFZSAYJA', params: steam },
]

describe('Proton Authenticator export', () => {
  it('reads every field of the plain export; unknown types and broken links are listed as failed', async () => {
    const parsed = await importedSummaries(text(JSON.stringify(plain)))
    expect(parsed.format).toBe('proton-authenticator')
    expect(parsed.entries).toEqual(expected)
    expect(parsed.failed.map(({ position, name }) => [position, name])).toEqual([
      [4, 'odd one'],
      [5, 'broken'],
    ])
    expect(parsed.failed[0]!.reason).toMatch(/Yubikey/)
  })

  it('opens the password-protected export with its password', async () => {
    const file = protonEncryptedExport(plain, 'pässword')
    expect(await detectFormat(file)).toBe('proton-authenticator')
    const parsed = await importedSummaries(file, { password: 'pässword' })
    expect(parsed.format).toBe('proton-authenticator')
    expect(parsed.entries).toEqual(expected)
    expect(parsed.failed).toHaveLength(2)
  })

  it('asks for the password (none, or empty) and refuses a wrong one', async () => {
    const file = protonEncryptedExport(plain, 'pw')
    await expectImportError(file, 'import-password-required')
    await expectImportError(file, 'import-password-required', { password: '' })
    await expectImportError(file, 'import-wrong-password', { password: 'pw ' })
  })

  it("binds the ciphertext to Proton's associated data: sealed without it, nothing opens", async () => {
    const file = protonEncryptedExport(plain, 'pw', { aad: '' })
    await expectImportError(file, 'import-wrong-password', { password: 'pw' })
  })

  it('refuses a damaged encrypted export with a typed error', async () => {
    const file = JSON.parse(protonEncryptedExport(plain, 'pw').toString()) as Record<string, unknown>
    const content = Buffer.from(file.content as string, 'base64')
    // Cut short before the password is asked for.
    const short = { ...file, content: content.subarray(0, 27).toString('base64') }
    await expectImportError(text(JSON.stringify(short)), 'import-unreadable')
    const badSalt = { ...file, salt: 'AAAA' }
    await expectImportError(text(JSON.stringify(badSalt)), 'import-unreadable', {
      password: 'pw',
      format: 'proton-authenticator',
    })
    // A flipped byte fails the tag.
    content[20]! ^= 1
    const flipped = { ...file, content: content.toString('base64') }
    await expectImportError(text(JSON.stringify(flipped)), 'import-wrong-password', { password: 'pw' })
    // The right password over something that is not an export.
    const notJson = protonEncryptedExport(null, 'pw', { plaintext: Buffer.from('{"version":1,') })
    await expectImportError(notJson, 'import-unreadable', { password: 'pw' })
  })

  it('refuses a cut-off export as damaged, plain or encrypted, even without a password', async () => {
    const plainText = JSON.stringify(plain)
    await expectImportError(text(plainText.slice(0, plainText.length / 2)), 'import-unreadable')
    const encrypted = protonEncryptedExport(plain, 'pw').toString()
    await expectImportError(text(encrypted.slice(0, 60)), 'import-unreadable')
  })

  it('refuses versions other than 1, as Proton does', async () => {
    await expectImportError(text(JSON.stringify({ ...plain, version: 2 })), 'import-unsupported-format')
    const encrypted = protonEncryptedExport(plain, 'pw', { version: 2 })
    await expectImportError(encrypted, 'import-unsupported-format', { password: 'pw' })
  })

  it('is detected from its content and does not claim other formats', async () => {
    expect(await detectFormat(text(JSON.stringify(plain)))).toBe('proton-authenticator')
    expect(await detectFormat(text(JSON.stringify(protonExport([]))))).toBe('proton-authenticator')
    expect(await detectFormat(await enteExport(['otpauth://totp/a?secret=JBSWY3DPEHPK3PXP'], 'p'))).toBe(
      'ente',
    )
    // Look-alikes: another app's {version, entries}, and {version, salt, content} with a salt not 16 bytes.
    expect(await detectFormat(text(JSON.stringify({ version: 1, entries: [{ name: 'x' }] })))).not.toBe(
      'proton-authenticator',
    )
    expect(
      await detectFormat(text(JSON.stringify({ version: 1, salt: 'c2FsdA==', content: 'AAAA' }))),
    ).not.toBe('proton-authenticator')
  })
})
