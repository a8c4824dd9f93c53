import * as openpgp from 'openpgp'
import { describe, expect, it } from 'vitest'
import { detectFormat } from '../../../electron/core/importers/read-import.ts'
import { csv, protonData, protonPgp, protonZip, zipOf } from './builders/password-managers.ts'
import { expectImportError, importedSummaries, steam, text, totp } from './import-helpers.ts'

const SECRET = 'JBSWY3DPEHPK3PXP'
const PASSPHRASE = 'proton passphrase'

const data = protonData({
  'Client Acme': [
    {
      name: 'Acme X',
      username: 'acme_x',
      email: 'social@acme.test',
      urls: ['https://x.com/login', 'https://twitter.com'],
      password: 'never-imported',
      note: 'shared with the team',
      totpUri: `otpauth://totp/acme_x?secret=${SECRET}&algorithm=SHA256`,
    },
    { name: 'No 2FA', username: 'plain', password: 'pw' },
    { name: 'Trashed', totpUri: `otpauth://totp/t?secret=${SECRET}`, state: 2 },
  ],
  Personal: [
    // E-mail only: it is the account name. A TOTP extra field is read as well.
    { name: 'Mail', email: 'me@mail.test', totpUri: 'GEZDGNBVGY3TQOJQ', extraTotps: [`steam://${SECRET}`] },
    // An old export's single username field.
    { name: 'Legacy', legacyUsername: 'old-name', totpUri: SECRET },
    // An identity item with a TOTP extra field: the link's label is the account name.
    { name: 'Identity', type: 'identity', extraTotps: [`otpauth://totp/Id?secret=${SECRET}`] },
    { name: 'Broken', totpUri: 'otpauth://totp/x?secret=***' },
  ],
})

const expected = [
  {
    issuer: 'Acme X',
    accountName: 'acme_x',
    group: 'Client Acme',
    note: 'shared with the team',
    secret: SECRET,
    params: totp('SHA256'),
    platform: 'x',
  },
  {
    issuer: 'Mail',
    accountName: 'me@mail.test',
    group: 'Personal',
    secret: 'GEZDGNBVGY3TQOJQ',
    params: totp(),
  },
  { issuer: 'Mail', accountName: 'me@mail.test', group: 'Personal', secret: SECRET, params: steam },
  { issuer: 'Legacy', accountName: 'old-name', group: 'Personal', secret: SECRET, params: totp() },
  { issuer: 'Identity', accountName: 'Id', group: 'Personal', secret: SECRET, params: totp() },
]

describe('Proton Pass', () => {
  it('reads the zip export: TOTPs with name, username/e-mail, URL, vault and note; skips the rest', async () => {
    const file = await protonZip(data)
    expect(await detectFormat(file)).toBe('proton-pass')
    const parsed = await importedSummaries(file)
    expect(parsed.format).toBe('proton-pass')
    expect(parsed.entries).toEqual(expected)
    expect(parsed.failed.map(({ position, name }) => [position, name])).toEqual([[7, 'Broken']])
    expect(JSON.stringify(parsed)).not.toContain('never-imported')
  })

  it('reads data.json on its own', async () => {
    const file = text(JSON.stringify(data))
    expect(await detectFormat(file)).toBe('proton-pass')
    expect((await importedSummaries(file)).entries).toEqual(expected)
  })

  it('reads the PGP export with its passphrase; none → required, wrong → wrong', async () => {
    const file = await protonPgp(data, PASSPHRASE)
    expect(await detectFormat(file)).toBe('proton-pass')
    expect((await importedSummaries(file, { password: PASSPHRASE })).entries).toEqual(expected)
    await expectImportError(file, 'import-password-required')
    await expectImportError(file, 'import-wrong-password', { password: 'proton Passphrase' })
  })

  it('reads a PGP export sealed with Argon2 S2K (OpenPGP v6 messages)', async () => {
    const file = await protonPgp(data, PASSPHRASE, {
      s2kType: openpgp.enums.s2k.argon2,
      s2kArgon2Params: { passes: 1, parallelism: 1, memoryExponent: 10 },
      aeadProtect: true,
    })
    expect((await importedSummaries(file, { password: PASSPHRASE })).entries).toEqual(expected)
  })

  it('refuses a hostile Argon2 S2K before asking for the passphrase', async () => {
    const file = await protonPgp(data, PASSPHRASE, {
      s2kType: openpgp.enums.s2k.argon2,
      s2kArgon2Params: { passes: 1, parallelism: 1, memoryExponent: 10 },
      aeadProtect: true,
    })
    // The Argon2 settings follow the S2K's 16-byte salt: passes, lanes, memory exponent (2^m KiB).
    const message = await openpgp.readMessage({ armoredMessage: Buffer.from(file).toString('utf8') })
    const salt = (message.packets[0] as unknown as { s2k: { salt: Uint8Array } }).s2k.salt
    const { data: binary } = (await openpgp.unarmor(Buffer.from(file).toString('utf8'))) as {
      data: Uint8Array
    }
    const at = Buffer.from(binary).indexOf(Buffer.from(salt)) + salt.length
    const withS2k = (passes: number, lanes: number, exponent: number) => {
      const changed = binary.slice()
      changed.set([passes, lanes, exponent], at)
      return Buffer.from(openpgp.armor(openpgp.enums.armor.message, changed), 'utf8')
    }
    expect((await importedSummaries(withS2k(1, 1, 10), { password: PASSPHRASE })).entries).toEqual(expected)
    for (const hostile of [withS2k(1, 1, 21), withS2k(200, 1, 10), withS2k(1, 40, 10)]) {
      await expectImportError(hostile, 'import-hostile-parameters')
      await expectImportError(hostile, 'import-hostile-parameters', { password: PASSPHRASE })
    }
  })

  it('refuses PGP messages it cannot open: encrypted to a key, damaged, or not holding the archive', async () => {
    const { privateKey, publicKey } = await openpgp.generateKey({
      type: 'curve25519',
      userIDs: [{ name: 'someone' }],
      format: 'object',
    })
    void privateKey
    const toKey = (await openpgp.encrypt({
      message: await openpgp.createMessage({ binary: await protonZip(data) }),
      encryptionKeys: publicKey,
    })) as unknown as string
    await expectImportError(Buffer.from(toKey, 'utf8'), 'import-unsupported-format', { password: PASSPHRASE })
    const armored = Buffer.from(await protonPgp(data, PASSPHRASE)).toString('utf8')
    await expectImportError(Buffer.from(armored.slice(0, armored.length / 2), 'utf8'), 'import-unreadable', {
      password: PASSPHRASE,
      format: 'proton-pass',
    })
    const notZip = await protonPgp(data, PASSPHRASE, {}, new TextEncoder().encode('hello'))
    await expectImportError(notZip, 'import-unreadable', { password: PASSPHRASE })
  })

  it('reads the CSV export (the login TOTP only, several addresses joined)', async () => {
    const file = csv([
      [
        'type',
        'name',
        'url',
        'email',
        'username',
        'password',
        'note',
        'totp',
        'createTime',
        'modifyTime',
        'vault',
      ],
      [
        'login',
        'Acme X',
        'https://x.com, https://twitter.com',
        'social@acme.test',
        'acme_x',
        'never-imported',
        'team',
        SECRET,
        '1',
        '2',
        'Client Acme',
      ],
      ['login', 'No 2FA', '', '', 'plain', 'pw', '', '', '1', '2', 'Client Acme'],
      ['login', 'Mail', '', 'me@mail.test', '', 'pw', '', `steam://${SECRET}`, '1', '2', 'Personal'],
      ['login', 'Broken', '', '', '', '', '', 'otpauth://totp/x?secret=***', '1', '2', 'Personal'],
    ])
    expect(await detectFormat(file)).toBe('proton-pass')
    const parsed = await importedSummaries(file)
    expect(parsed.entries).toEqual([
      {
        issuer: 'Acme X',
        accountName: 'acme_x',
        group: 'Client Acme',
        note: 'team',
        secret: SECRET,
        params: totp(),
        platform: 'x',
      },
      { issuer: 'Mail', accountName: 'me@mail.test', group: 'Personal', secret: SECRET, params: steam },
    ])
    expect(parsed.failed.map(({ position, name }) => [position, name])).toEqual([[5, 'Broken']])
    expect(JSON.stringify(parsed)).not.toContain('never-imported')
  })

  it('refuses the old account-key-encrypted export with advice, and damaged files', async () => {
    await expectImportError(text(JSON.stringify({ ...data, encrypted: true })), 'import-unsupported-format')
    const zip = await protonZip(data)
    await expectImportError(zip.subarray(0, zip.length - 30), 'import-unreadable', { format: 'proton-pass' })
    const broken = await zipOf({ 'Proton Pass/data.json': '{"vaults": {' })
    expect(await detectFormat(broken)).toBe('proton-pass')
    await expectImportError(broken, 'import-unreadable')
    await expectImportError(text(JSON.stringify({ ...data, vaults: [] })), 'import-unreadable', {
      format: 'proton-pass',
    })
  })
})
