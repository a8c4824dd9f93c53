import { describe, expect, it } from 'vitest'
import { isTwofoldError } from '../../../electron/core/errors.ts'
import type { ImportFormat } from '../../../electron/core/importers/imported-entry.ts'
import { MAX_IMPORT_BYTES } from '../../../electron/core/importers/import-limits.ts'
import { detectFormat } from '../../../electron/core/importers/read-import.ts'
import {
  aegisEntry,
  aegisVault,
  andOtpEncrypted,
  andOtpEncryptedOld,
  bitwardenExport,
  bitwardenItem,
  enteExport,
  googleMigrationUri,
  qrPng,
  twofasBackup,
} from './export-builders.ts'
import { expectImportError, text } from './import-helpers.ts'

const uri = 'otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP&issuer=A'
const entry = aegisEntry({ type: 'totp', name: 'b', issuer: 'A', secret: 'JBSWY3DPEHPK3PXP' })

describe('detecting the format from content', () => {
  it.each<[string, () => Uint8Array | Promise<Uint8Array>, ImportFormat]>([
    ['otpauth list', () => text(`# mine\n${uri}\n`), 'otpauth-list'],
    [
      'Google export',
      () => text(googleMigrationUri([{ secret: Buffer.from('hi'), name: 'x' }])),
      'google-migration',
    ],
    ['Aegis plain', () => aegisVault({ version: 2, entries: [entry] }), 'aegis'],
    ['Aegis encrypted', () => aegisVault({ version: 2, entries: [entry] }, { password: 'p' }), 'aegis'],
    ['2FAS plain', () => twofasBackup([]), 'twofas'],
    ['2FAS encrypted', () => twofasBackup([], { password: 'p' }), 'twofas'],
    ['Ente encrypted', () => enteExport([uri], 'p'), 'ente'],
    [
      'Bitwarden JSON',
      () => bitwardenExport({ encrypted: false, items: [bitwardenItem('x', uri)] }),
      'bitwarden-json',
    ],
    ['Bitwarden protected', () => bitwardenExport({ items: [] }, 'p'), 'bitwarden-json'],
    ['Bitwarden CSV', () => text(`name,login_totp\nx,${uri}\n`), 'bitwarden-csv'],
    ['andOTP plain', () => text('[{"secret":"JBSWY3DPEHPK3PXP","label":"b","type":"TOTP"}]'), 'andotp'],
    ['andOTP encrypted', () => andOtpEncrypted([], 'p'), 'andotp'],
    ['Authenticator Pro', () => text('{"Authenticators":[],"Categories":[]}'), 'authenticator-pro'],
    ['agency CSV', () => text(`platform,handle,otpauth uri\ninstagram,ana,${uri}\n`), 'agency-csv'],
    ['agency CSV without links', () => text('Handle,SMS\nana,+44 1\n'), 'agency-csv'],
    ['PNG', () => qrPng([uri]), 'qr-image'],
  ])('%s', async (_name, build, format) => {
    expect(await detectFormat(await build())).toBe(format)
  })

  it('ignores the file name when the content decides', async () => {
    expect(await detectFormat(text(uri), 'backup.2fas')).toBe('otpauth-list')
    expect(await detectFormat(twofasBackup([]), 'accounts.csv')).toBe('twofas')
  })

  it("uses the name only to tell andOTP's old encrypted layout from random bytes", async () => {
    const old = andOtpEncryptedOld([], 'p')
    // Its first four bytes are a random nonce: force them to read as an impossible iteration count.
    old.writeUInt32BE(0xffffffff, 0)
    expect(await detectFormat(old)).toBeNull()
    expect(await detectFormat(old, 'otp_accounts_2024.json.aes')).toBe('andotp')
  })

  it('returns null for content it does not know', async () => {
    expect(await detectFormat(text('hello'))).toBeNull()
    expect(await detectFormat(text('{"hello":1}'))).toBeNull()
    expect(await detectFormat(text('a,b,c\n1,2,3\n'))).toBeNull()
    expect(await detectFormat(new Uint8Array())).toBeNull()
  })

  it('refuses a file over the size cap with a typed error', async () => {
    await expect(detectFormat(new Uint8Array(MAX_IMPORT_BYTES + 1))).rejects.toSatisfy((error) =>
      isTwofoldError(error, 'import-too-large'),
    )
  })
})

describe('detecting damaged JSON', () => {
  it.each<[string, () => Uint8Array, ImportFormat]>([
    ['Aegis', () => aegisVault({ version: 2, entries: [entry] }), 'aegis'],
    ['2FAS', () => twofasBackup([]), 'twofas'],
    ['andOTP', () => text('[{"secret":"JBSWY3DPEHPK3PXP","label":"b","type":"TOTP"}]'), 'andotp'],
    ['Authenticator Pro', () => text('{"Authenticators":[{"Type":2}],"Categories":[]}'), 'authenticator-pro'],
  ])(
    'a cut-off %s file is still recognised, and its reader calls it damaged',
    async (_name, build, format) => {
      const bytes = build()
      const cut = bytes.subarray(0, Math.floor(bytes.length * 0.7))
      expect(await detectFormat(cut)).toBe(format)
      await expectImportError(cut, 'import-unreadable')
    },
  )
})
