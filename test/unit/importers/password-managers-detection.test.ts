import { describe, expect, it } from 'vitest'
import type { ImportFormat } from '../../../electron/core/importers/imported-entry.ts'
import { detectFormat } from '../../../electron/core/importers/read-import.ts'
import {
  csv,
  DASHLANE_HEADER,
  kdbx,
  LASTPASS_HEADER,
  onePux,
  protonData,
  protonPgp,
  protonZip,
  zipOf,
} from './builders/password-managers.ts'
import { aegisEntry, aegisVault, bitwardenExport, bitwardenItem } from './export-builders.ts'
import { expectImportError, text } from './import-helpers.ts'

const uri = 'otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP&issuer=A'
const mine = new Set<ImportFormat>([
  'keepass',
  '1password-1pux',
  'proton-pass',
  'lastpass-csv',
  'dashlane-csv',
])

describe("password managers' exports are told apart from content", () => {
  it.each<[string, () => Uint8Array | Promise<Uint8Array>, ImportFormat]>([
    ['KeePass KDBX 4', () => kdbx({}), 'keepass'],
    ['KeePass KDBX 3.1', () => kdbx({}, { version: 3 }), 'keepass'],
    ['1Password .1pux', () => onePux({}), '1password-1pux'],
    ['Proton Pass zip', () => protonZip(protonData({})), 'proton-pass'],
    ['Proton Pass JSON', () => text(JSON.stringify(protonData({}))), 'proton-pass'],
    ['Proton Pass PGP', () => protonPgp(protonData({}), 'p'), 'proton-pass'],
    ['LastPass CSV', () => csv([LASTPASS_HEADER]), 'lastpass-csv'],
    ['LastPass CSV with semicolons', () => text(`${LASTPASS_HEADER.join(';')}\n`), 'lastpass-csv'],
    ['Dashlane CSV', () => csv([DASHLANE_HEADER]), 'dashlane-csv'],
    // The agency sheet needs a handle or link column; a web address column ("url") is neither.
    [
      'Bitwarden CSV',
      () => text(`folder,name,notes,login_uri,login_username,login_totp\n,x,,,,${uri}\n`),
      'bitwarden-csv',
    ],
    [
      'agency CSV with a url column',
      () => text(`platform,handle,url,notes\ninstagram,ana,https://a.test,\n`),
      'agency-csv',
    ],
    [
      'agency CSV',
      () => text(`platform,handle,client,notes,otpauth uri\ninstagram,ana,Acme,,${uri}\n`),
      'agency-csv',
    ],
    [
      'Bitwarden JSON',
      () => bitwardenExport({ encrypted: false, items: [bitwardenItem('x', uri)] }),
      'bitwarden-json',
    ],
    [
      'Aegis',
      () =>
        aegisVault({
          version: 2,
          entries: [aegisEntry({ type: 'totp', name: 'b', issuer: 'A', secret: 'JBSWY3DPEHPK3PXP' })],
        }),
      'aegis',
    ],
  ])('%s', async (_name, build, format) => {
    expect(await detectFormat(await build())).toBe(format)
  })

  it('does not claim files that only look a little like them', async () => {
    const notMine = [
      await zipOf({ 'data.json': JSON.stringify(protonData({})) }),
      await zipOf({ 'export.attributes': '{}' }),
      text('{"vaults": {}, "items": []}'),
      text('-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nxx\n-----END PGP PUBLIC KEY BLOCK-----\n'),
      text('url,username,password,name\nhttps://a.test,u,p,A\n'),
      text('title,username,password,url\nA,u,p,https://a.test\n'),
      new Uint8Array([0x03, 0xd9, 0xa2, 0x9a, 0, 0, 0, 0]),
    ]
    for (const file of notMine) {
      const format = await detectFormat(file)
      expect(format === null || !mine.has(format), String(format)).toBe(true)
    }
  })

  it('recognises a cut-off Proton Pass data.json and calls it damaged', async () => {
    const file = text(JSON.stringify(protonData({ V: [{ name: 'x', totpUri: uri }] })))
    const cut = file.subarray(0, Math.floor(file.length * 0.7))
    expect(await detectFormat(cut)).toBe('proton-pass')
    await expectImportError(cut, 'import-unreadable')
  })
})
