import * as kdbxweb from 'kdbxweb'
import { describe, expect, it } from 'vitest'
import { isTwofoldError } from '../../../electron/core/errors.ts'
import { detectFormat, readImport } from '../../../electron/core/importers/read-import.ts'
import {
  kdbx,
  rawKeyFile,
  withKdbx3Rounds,
  withKdbx4Kdf,
  xmlKeyFile,
  type KdbxEntrySpec,
} from './builders/password-managers.ts'
import { expectImportError, hotp, importedSummaries, steam, totp } from './import-helpers.ts'

const SECRET = 'JBSWY3DPEHPK3PXP'
const PASSWORD = 'kee pass'

const entries: KdbxEntrySpec[] = [
  {
    title: 'Instagram',
    username: 'ana.agency',
    password: 'never-imported',
    url: 'https://www.instagram.com/accounts/login',
    notes: 'recovery codes in the safe',
    fields: {
      otp: `otpauth://totp/Instagram:ana?secret=${SECRET}&issuer=Instagram&algorithm=SHA256&digits=8&period=60`,
    },
    protect: true,
  },
  { title: 'Plain login', username: 'x', password: 'y', url: 'https://example.test' },
]

const nested = {
  entries: [
    {
      title: 'At the root',
      username: 'root',
      fields: { otp: `key=${SECRET}&size=8&step=45&otpHashMode=Sha512` },
    },
  ],
  groups: [
    {
      name: 'Clients',
      groups: [{ name: 'Acme', entries }],
    },
  ],
}

const expectedNested = [
  {
    issuer: 'At the root',
    accountName: 'root',
    secret: SECRET,
    params: totp('SHA512', 8, 45),
  },
  {
    issuer: 'Instagram',
    accountName: 'ana',
    group: 'Clients/Acme',
    note: 'recovery codes in the safe',
    secret: SECRET,
    params: totp('SHA256', 8, 60),
    platform: 'instagram',
  },
]

async function caught(promise: Promise<unknown>): Promise<{ code: string; field?: string; message: string }> {
  try {
    await promise
  } catch (error) {
    if (isTwofoldError(error)) return { code: error.code, field: error.extra.field, message: error.message }
    throw error
  }
  throw new Error('expected an error')
}

describe('KeePass (.kdbx)', () => {
  it('reads KDBX 4 (Argon2id): OTP entries with group path, title, username, URL and notes; skips plain logins', async () => {
    const file = await kdbx(nested)
    expect(await detectFormat(file)).toBe('keepass')
    const parsed = await importedSummaries(file, { password: PASSWORD })
    expect(parsed.format).toBe('keepass')
    expect(parsed.entries).toEqual(expectedNested)
    expect(parsed.failed).toEqual([])
    expect(JSON.stringify(parsed)).not.toContain('never-imported')
  })

  it.each([
    ['KDBX 3.1, AES-KDF', { version: 3 } as const],
    ['KDBX 4, AES-KDF', { version: 4, kdf: 'aes' } as const],
    ['KDBX 4, Argon2d', { version: 4, kdf: 'argon2d' } as const],
    ['KDBX 4, Argon2id with two lanes', { version: 4, kdf: 'argon2id', lanes: 2 } as const],
  ])('opens %s', async (_name, options) => {
    const parsed = await importedSummaries(await kdbx(nested, options), { password: PASSWORD })
    expect(parsed.entries).toEqual(expectedNested)
  })

  it('reads every OTP field layout: KeePass TimeOtp/HmacOtp, KeeTrayTOTP, KeeOtp, Steam', async () => {
    const hex = Buffer.from('Hello!\u00de\u00ad\u00be\u00ef', 'latin1').toString('hex')
    const file = await kdbx({
      entries: [
        {
          title: 'Native Base32',
          fields: {
            'TimeOtp-Secret-Base32': SECRET,
            'TimeOtp-Length': '7',
            'TimeOtp-Period': '20',
            'TimeOtp-Algorithm': 'HMAC-SHA-512',
          },
        },
        { title: 'Native hex', fields: { 'TimeOtp-Secret-Hex': hex } },
        {
          title: 'Native Base64',
          fields: { 'TimeOtp-Secret-Base64': Buffer.from(hex, 'hex').toString('base64') },
        },
        { title: 'Native text', fields: { 'TimeOtp-Secret': '12345678901234567890' } },
        { title: 'Counter', fields: { 'HmacOtp-Secret-Base32': SECRET, 'HmacOtp-Counter': '42' } },
        { title: 'Tray', fields: { 'TOTP Seed': SECRET, 'TOTP Settings': '60;8' } },
        { title: 'Tray Steam', fields: { 'TOTP Seed': SECRET, 'TOTP Settings': '30;S' } },
        {
          title: 'XC Steam',
          fields: { otp: `otpauth://totp/Steam:me?secret=${SECRET}&issuer=Steam&encoder=steam` },
        },
        { title: 'KeeOtp HOTP', fields: { otp: `key=${SECRET}&type=Hotp&counter=5&size=6` } },
        // KeePassXC wrote both for the same secret: otp wins, one account.
        {
          title: 'Both',
          fields: {
            otp: `otpauth://totp/Both?secret=${SECRET}`,
            'TOTP Seed': 'GEZDGNBVGY3TQOJQ',
            'TOTP Settings': '30;6',
          },
        },
        { title: 'Bare secret', fields: { otp: SECRET } },
      ],
    })
    const parsed = await importedSummaries(file, { password: PASSWORD })
    // The hex and Base64 fields hold the same 10 bytes as SECRET.
    const hexBase32 = SECRET
    expect(
      parsed.entries.map(({ issuer, secret, params, counter }) => ({ issuer, secret, params, counter })),
    ).toEqual([
      { issuer: 'Native Base32', secret: SECRET, params: totp('SHA512', 7, 20), counter: undefined },
      { issuer: 'Native hex', secret: hexBase32, params: totp(), counter: undefined },
      { issuer: 'Native Base64', secret: hexBase32, params: totp(), counter: undefined },
      {
        issuer: 'Native text',
        secret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ',
        params: totp(),
        counter: undefined,
      },
      { issuer: 'Counter', secret: SECRET, params: hotp(), counter: 42 },
      { issuer: 'Tray', secret: SECRET, params: totp('SHA1', 8, 60), counter: undefined },
      { issuer: 'Tray Steam', secret: SECRET, params: steam, counter: undefined },
      { issuer: 'Steam', secret: SECRET, params: steam, counter: undefined },
      { issuer: 'KeeOtp HOTP', secret: SECRET, params: hotp(), counter: 5 },
      { issuer: 'Both', secret: SECRET, params: totp(), counter: undefined },
      { issuer: 'Bare secret', secret: SECRET, params: totp(), counter: undefined },
    ])
  })

  it('lists unreadable OTP fields as failed and skips the recycle bin', async () => {
    const file = await kdbx(
      {
        entries: [
          { title: 'Good', fields: { otp: `otpauth://totp/Good?secret=${SECRET}` } },
          { title: 'Bad secret', fields: { otp: 'otpauth://totp/x?secret=***' } },
          { title: 'Bad length', fields: { 'TimeOtp-Secret-Base32': SECRET, 'TimeOtp-Length': 'six' } },
          { title: 'Motp', fields: { otp: `otpauth://motp/x?secret=${SECRET}` } },
        ],
      },
      { recycled: [{ title: 'Deleted', fields: { otp: `otpauth://totp/Deleted?secret=${SECRET}` } }] },
    )
    const parsed = await importedSummaries(file, { password: PASSWORD })
    expect(parsed.entries.map((entry) => entry.issuer)).toEqual(['Good'])
    expect(parsed.failed.map(({ position, name }) => [position, name])).toEqual([
      [2, 'Bad secret'],
      [3, 'Bad length'],
      [4, 'Motp'],
    ])
    expect(parsed.failed[2]?.reason).toMatch(/not supported/)
  })

  it('needs its credentials: none → password required; wrong password → wrong password', async () => {
    const file = await kdbx(nested)
    await expectImportError(file, 'import-password-required')
    await expectImportError(file, 'import-password-required', { password: '' })
    const wrong = await caught(readImport(file, { password: 'Kee pass' }))
    expect(wrong.code).toBe('import-wrong-password')
    expect(wrong.message).toMatch(/password is wrong/)
    expect(wrong.message).not.toContain('Kee pass')
  })

  it.each([
    ['an XML key file', xmlKeyFile],
    ['a raw 32-byte key file', () => Promise.resolve(rawKeyFile())],
  ])(
    'opens with a password and %s; without the key file it says so on the key-file field',
    async (_name, makeKey) => {
      const keyFile = await makeKey()
      const file = await kdbx(nested, { keyFile })
      const parsed = await importedSummaries(file, { password: PASSWORD, keyFile })
      expect(parsed.entries).toEqual(expectedNested)
      const missing = await caught(readImport(file, { password: PASSWORD }))
      expect(missing).toMatchObject({ code: 'import-wrong-password', field: 'keyFile' })
      expect(missing.message).toMatch(/key file/)
      const otherKey = await caught(readImport(file, { password: PASSWORD, keyFile: rawKeyFile().reverse() }))
      expect(otherKey).toMatchObject({ code: 'import-wrong-password', field: 'password' })
    },
  )

  it('opens a database locked by a key file alone', async () => {
    const keyFile = await xmlKeyFile()
    const file = await kdbx(nested, { password: null, keyFile })
    expect((await importedSummaries(file, { keyFile })).entries).toEqual(expectedNested)
    await expectImportError(file, 'import-password-required')
  })

  it('refuses hostile key-derivation settings before asking for a password', async () => {
    const argon = await kdbx(nested)
    const hostile4: ((params: kdbxweb.VarDictionary) => void)[] = [
      (params) => params.set('M', kdbxweb.VarDictionary.ValueType.UInt64, kdbxweb.Int64.from(2 * 1024 ** 3)),
      (params) => params.set('I', kdbxweb.VarDictionary.ValueType.UInt64, kdbxweb.Int64.from(101)),
      (params) => params.set('P', kdbxweb.VarDictionary.ValueType.UInt32, 65),
      (params) => params.set('P', kdbxweb.VarDictionary.ValueType.UInt32, 0),
      // 1 GiB × 9 passes: each setting within its cap, the product past 8 GiB·passes.
      (params) => {
        params.set('M', kdbxweb.VarDictionary.ValueType.UInt64, kdbxweb.Int64.from(1024 ** 3))
        params.set('I', kdbxweb.VarDictionary.ValueType.UInt64, kdbxweb.Int64.from(9))
      },
    ]
    for (const change of hostile4) {
      const file = withKdbx4Kdf(argon, change)
      await expectImportError(file, 'import-hostile-parameters')
      await expectImportError(file, 'import-hostile-parameters', { password: PASSWORD })
    }
    const aes4 = withKdbx4Kdf(await kdbx(nested, { kdf: 'aes' }), (params) =>
      params.set('R', kdbxweb.VarDictionary.ValueType.UInt64, kdbxweb.Int64.from(100_000_001)),
    )
    await expectImportError(aes4, 'import-hostile-parameters')
    const aes3 = withKdbx3Rounds(await kdbx(nested, { version: 3 }), 2 ** 40)
    await expectImportError(aes3, 'import-hostile-parameters')
    await expectImportError(aes3, 'import-hostile-parameters', { password: PASSWORD })
  })

  it('refuses damaged and truncated databases with a typed error', async () => {
    const file = await kdbx(nested)
    await expectImportError(file.subarray(0, 20), 'import-unreadable', { password: PASSWORD })
    const flipped = file.slice()
    flipped[flipped.length - 40] = (flipped[flipped.length - 40] ?? 0) ^ 0xff
    const error = await caught(readImport(flipped, { password: PASSWORD }))
    expect(['import-unreadable', 'import-wrong-password']).toContain(error.code)
    const cut = await caught(readImport(file.subarray(0, file.length - 100), { password: PASSWORD }))
    expect(['import-unreadable', 'import-wrong-password']).toContain(cut.code)
    const three = await kdbx(nested, { version: 3 })
    const cut3 = await caught(readImport(three.subarray(0, three.length - 50), { password: PASSWORD }))
    expect(['import-unreadable', 'import-wrong-password']).toContain(cut3.code)
  })

  it('refuses KeePass 1 databases with advice', async () => {
    const kdb = new Uint8Array(124)
    kdb.set([0x03, 0xd9, 0xa2, 0x9a, 0x65, 0xfb, 0x4b, 0xb5])
    expect(await detectFormat(kdb)).toBe('keepass')
    await expectImportError(kdb, 'import-unsupported-format', { password: PASSWORD })
  })
})
