import { describe, expect, it } from 'vitest'
import { encodeBase32Secret } from '../../../electron/core/engine/index.ts'
import { detectFormat } from '../../../electron/core/importers/read-import.ts'
import {
  freeOtpBackup,
  freeOtpTokenSettings,
  javaSerializedHashMap,
  type FreeOtpTokenInput,
} from './builders/freeotp.ts'
import { expectImportError, hotp, imported, importedSummaries, steam, totp } from './import-helpers.ts'

// FreeOTP 2's externalBackup.xml: a Java-serialised HashMap of a password-wrapped master key and,
// per token, its AES-GCM-sealed secret and its settings.

const password = 'correct horse'
const secrets = [
  Buffer.from('e49270f0d21f365c8408f8b475c5267c', 'hex'),
  Buffer.from('ed40c5eefbecce2206b15d75c1182a76aa', 'hex'),
  Buffer.from('0011223344556677889900aabbccddeeff', 'hex'),
  Buffer.from('8081828384858687888990919293949596979899', 'hex'),
]
const b32 = (bytes: Uint8Array) => encodeBase32Secret(bytes)

const tokens: FreeOtpTokenInput[] = [
  {
    type: 'HOTP',
    issuerExt: 'WWE',
    issuerInt: 'WWE',
    label: 'Mason',
    algo: 'SHA512',
    digits: 8,
    counter: 10300,
    secret: secrets[0]!,
  },
  // FreeOTP 2 leaves out what the otpauth link left out: SHA1, 6 digits, 30 s.
  {
    type: 'TOTP',
    issuerExt: 'Deno',
    issuerInt: 'Deno',
    label: 'Mason',
    algo: null,
    digits: null,
    period: null,
    secret: secrets[1]!,
  },
  {
    type: 'TOTP',
    issuerExt: 'old',
    issuerAlt: 'GitLab',
    label: 'old',
    labelAlt: 'me',
    algo: 'SHA256',
    digits: 7,
    period: 20,
    color: 'ff0000',
    lock: true,
    secret: secrets[2]!,
  },
  { type: 'TOTP', issuerExt: 'Steam', label: 'gamer', algo: 'SHA1', secret: secrets[3]! },
]
const expected = [
  {
    issuer: 'WWE',
    accountName: 'Mason',
    secret: b32(secrets[0]!),
    params: hotp('SHA512', 8),
    counter: 10300,
  },
  { issuer: 'Deno', accountName: 'Mason', secret: b32(secrets[1]!), params: totp() },
  { issuer: 'GitLab', accountName: 'me', secret: b32(secrets[2]!), params: totp('SHA256', 7, 20) },
  { issuer: 'Steam', accountName: 'gamer', secret: b32(secrets[3]!), params: steam },
]

describe('FreeOTP 2 backup', () => {
  it.each([
    ['PBKDF2withHmacSHA512', false],
    ['PBKDF2withHmacSHA1', true],
  ])(
    'opens a %s backup (bare nonce: %s) with its password and reads every token',
    async (algorithm, bareNonce) => {
      const bytes = freeOtpBackup(tokens, { password, algorithm, bareNonce })
      const parsed = await importedSummaries(bytes, { password })
      expect(parsed.format).toBe('freeotp-backup')
      expect(parsed.failed).toEqual([])
      expect(parsed.entries).toEqual(expected)
    },
  )

  it('asks for the password, and refuses a wrong one', async () => {
    const bytes = freeOtpBackup(tokens, { password })
    await expectImportError(bytes, 'import-password-required')
    await expectImportError(bytes, 'import-wrong-password', { password: 'wrong horse' })
  })

  it('refuses a hostile iteration count before asking for a password', async () => {
    for (const iterations of [2_000_000_000, 0, -5, 1.5]) {
      const bytes = freeOtpBackup(tokens, { password, iterations })
      await expectImportError(bytes, 'import-hostile-parameters')
      await expectImportError(bytes, 'import-hostile-parameters', { password })
    }
  })

  it('refuses a key derivation or cipher it does not know', async () => {
    await expectImportError(
      freeOtpBackup(tokens, { password, algorithm: 'scrypt' }),
      'import-unsupported-format',
      {
        password,
      },
    )
  })

  it('lists a token whose sealed secret is damaged or whose settings are missing, reading the rest', async () => {
    const uuid = 'a4785f42-8194-4d0f-a82b-10f0bddb06e7'
    const bytes = freeOtpBackup(tokens.slice(0, 1), {
      password,
      extra: [
        // The secret sealed under another key (bit flips in the ciphertext fail GCM the same way).
        [
          uuid,
          JSON.stringify({
            key: JSON.stringify({
              mCipher: 'AES/GCM/NoPadding',
              mCipherText: Array.from({ length: 32 }, (_, index) => index - 16),
              mParameters: [48, 17, 4, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 2, 1, 16],
              mToken: 'HmacSHA1',
            }),
          }),
        ],
        [`${uuid}-token`, JSON.stringify(freeOtpTokenSettings({ ...tokens[1]!, issuerExt: 'Broken' }))],
        ['orphan', JSON.stringify({ key: '{}' })],
        ['lonely-token', JSON.stringify(freeOtpTokenSettings({ ...tokens[1]!, issuerExt: 'Lonely' }))],
      ],
    })
    const parsed = await imported(bytes, { password })
    expect(parsed.entries.map((entry) => entry.issuer)).toEqual(['WWE'])
    expect(parsed.failed.map(({ name, reason }) => [name, reason])).toEqual([
      ['Broken: Mason', 'its secret does not decrypt: the backup may be damaged'],
      ['orphan', 'its settings are missing'],
      ['Lonely: Mason', 'its encrypted secret is missing'],
    ])
  })

  it('says "damaged" for a truncated backup or one without its master key', async () => {
    const bytes = freeOtpBackup(tokens, { password })
    await expectImportError(bytes.subarray(0, bytes.length - 7), 'import-unreadable', { password })
    const noMasterKey = javaSerializedHashMap([['x-token', JSON.stringify(freeOtpTokenSettings(tokens[1]!))]])
    await expectImportError(noMasterKey, 'import-unreadable', { password })
  })

  it('is detected from content (Java serialisation naming FreeOTP keys) and claims no other HashMap', async () => {
    expect(await detectFormat(freeOtpBackup(tokens, { password }))).toBe('freeotp-backup')
    expect(await detectFormat(javaSerializedHashMap([['colour', 'blue']]))).toBeNull()
  })
})
