import { describe, expect, it } from 'vitest'
import { bitwardenExport, bitwardenItem } from './export-builders.ts'
import { expectImportError, importedSummaries, steam, text, totp } from './import-helpers.ts'

const vault = {
  encrypted: false,
  folders: [{ id: 'f1', name: 'Client A' }],
  items: [
    bitwardenItem('Instagram work', 'otpauth://totp/Instagram:ana?secret=JBSWY3DPEHPK3PXP&issuer=Instagram', {
      folderId: 'f1',
      notes: 'shared with Bo',
    }),
    bitwardenItem('Mail', 'GEZD GNBV GY3T QOJQ', {
      login: { username: 'me@mail.test', totp: 'GEZD GNBV GY3T QOJQ' },
    }),
    bitwardenItem('Steam', 'steam://KRUGS4ZANFZSAYJA'),
    bitwardenItem('Just a password', null),
    bitwardenItem('Broken', 'otpauth://totp/x?secret=***'),
  ],
}

const expected = [
  {
    issuer: 'Instagram',
    accountName: 'ana',
    group: 'Client A',
    note: 'shared with Bo',
    secret: 'JBSWY3DPEHPK3PXP',
    params: totp(),
  },
  { issuer: 'Mail', accountName: 'me@mail.test', secret: 'GEZDGNBVGY3TQOJQ', params: totp() },
  { issuer: 'Steam', accountName: '', secret: 'KRUGS4ZANFZSAYJA', params: steam },
]

describe('Bitwarden JSON', () => {
  it('reads items with a TOTP field (link, bare Base32, steam://), skips the rest, lists broken ones', async () => {
    const parsed = await importedSummaries(bitwardenExport(vault))
    expect(parsed.format).toBe('bitwarden-json')
    expect(parsed.entries).toEqual(expected)
    expect(parsed.failed.map(({ position, name }) => [position, name])).toEqual([[5, 'Broken']])
    expect(parsed.failed[0]?.reason).toMatch(/Base32/)
  })

  it.each([
    ['PBKDF2', { kdfType: 0, kdfIterations: 1000 } as const],
    ['Argon2id', { kdfType: 1, kdfIterations: 1, kdfMemory: 1, kdfParallelism: 1 } as const],
  ])('round-trips a password-protected export (%s)', async (_name, kdf) => {
    const parsed = await importedSummaries(bitwardenExport(vault, 'master', kdf), { password: 'master' })
    expect(parsed.entries).toEqual(expected)
  })

  it('asks for the password, refuses a wrong one by its validation string', async () => {
    const file = bitwardenExport(vault, 'master')
    await expectImportError(file, 'import-password-required')
    await expectImportError(file, 'import-wrong-password', { password: 'Master' })
  })

  it('refuses account-restricted exports and hostile key settings', async () => {
    const restricted = JSON.stringify({
      encrypted: true,
      encKeyValidation_DO_NOT_EDIT: '2.a|b|c',
      data: '2.a|b|c',
      items: [],
    })
    await expectImportError(text(restricted), 'import-unsupported-format')
    const file = JSON.parse(bitwardenExport(vault, 'master').toString()) as Record<string, unknown>
    for (const kdf of [
      { kdfType: 0, kdfIterations: 10_000_001 },
      { kdfType: 1, kdfIterations: 21, kdfMemory: 64, kdfParallelism: 4 },
      { kdfType: 1, kdfIterations: 3, kdfMemory: 1025, kdfParallelism: 4 },
      { kdfType: 1, kdfIterations: 3, kdfMemory: 64, kdfParallelism: 17 },
    ]) {
      await expectImportError(text(JSON.stringify({ ...file, ...kdf })), 'import-hostile-parameters')
    }
  })
})

describe('Bitwarden CSV', () => {
  it('reads login_totp with folder, name and username; rows without TOTP are skipped', async () => {
    const csv = [
      'folder,favorite,type,name,notes,fields,login_uri,login_username,login_password,login_totp',
      'Client A,,login,Instagram work,"shared, with Bo",,,ana,pw,"otpauth://totp/Instagram:ana?secret=JBSWY3DPEHPK3PXP&issuer=Instagram"',
      ',,login,Mail,,,,me@mail.test,pw,GEZDGNBVGY3TQOJQ',
      ',,login,No 2FA,,,,x,pw,',
      ',,login,Steam,,,,,,steam://KRUGS4ZANFZSAYJA',
    ].join('\r\n')
    const parsed = await importedSummaries(text(csv))
    expect(parsed.format).toBe('bitwarden-csv')
    expect(parsed.entries).toEqual([{ ...expected[0], note: 'shared, with Bo' }, expected[1], expected[2]])
  })
})
