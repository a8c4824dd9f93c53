import { describe, expect, it } from 'vitest'
import { encodeBase32Secret } from '../../../electron/core/engine/index.ts'
import { detectFormat } from '../../../electron/core/importers/read-import.ts'
import { freeOtpToken, freeOtpTokensXml, sharedPrefsXml, type FreeOtpTokenInput } from './builders/freeotp.ts'
import { expectImportError, hotp, importedSummaries, steam, text, totp } from './import-helpers.ts'

// FreeOTP 1.x's (and FreeOTP+'s) shared_prefs/tokens.xml, as a rooted phone gives it.

const secrets = [
  Buffer.from('f9161642d768853aeddea936c16ba8880a0b0c0d', 'hex'),
  Buffer.from('ed40c5eefbecce2206b15d75c1182a76', 'hex'),
  Buffer.from('0011223344556677889900aabbccddeeff', 'hex'),
  Buffer.from('8081828384858687888990919293949596979899', 'hex'),
]
const b32 = (bytes: Uint8Array) => encodeBase32Secret(bytes)

const tokens: FreeOtpTokenInput[] = [
  {
    type: 'TOTP',
    issuerExt: 'Airbnb',
    issuerInt: 'Airbnb',
    label: 'elijah',
    algo: 'SHA512',
    digits: 8,
    period: 50,
    counter: 0,
    secret: secrets[0]!,
  },
  {
    type: 'HOTP',
    issuerExt: 'WWE',
    issuerInt: 'WWE',
    label: 'mason',
    algo: 'SHA256',
    digits: 7,
    period: 30,
    counter: 10299,
    secret: secrets[1]!,
  },
  // Renamed in the app: FreeOTP shows issuerAlt/labelAlt, so must Twofold.
  {
    type: 'TOTP',
    issuerExt: 'old',
    issuerAlt: 'GitHub',
    label: 'old-name',
    labelAlt: 'octocat',
    algo: 'SHA1',
    digits: 6,
    period: 30,
    secret: secrets[2]!,
  },
  {
    type: 'TOTP',
    issuerExt: 'Steam',
    label: 'gamer',
    algo: 'SHA1',
    digits: 5,
    period: 30,
    secret: secrets[3]!,
  },
]

describe('FreeOTP token file (rooted phone)', () => {
  it('reads every token in the app’s order, with signed-byte secrets, renamed names, counters and Steam', async () => {
    const order = ['GitHub:octocat', 'WWE:mason', 'Airbnb:elijah', 'Steam:gamer']
    const xml = freeOtpTokensXml(
      tokens,
      order.map((name) => (name === 'GitHub:octocat' ? 'old:old-name' : name)),
    )
    const parsed = await importedSummaries(xml)
    expect(parsed.format).toBe('freeotp-rooted')
    expect(parsed.failed).toEqual([])
    expect(parsed.entries).toEqual([
      { issuer: 'GitHub', accountName: 'octocat', secret: b32(secrets[2]!), params: totp() },
      {
        issuer: 'WWE',
        accountName: 'mason',
        secret: b32(secrets[1]!),
        params: hotp('SHA256', 7),
        counter: 10299,
      },
      { issuer: 'Airbnb', accountName: 'elijah', secret: b32(secrets[0]!), params: totp('SHA512', 8, 50) },
      { issuer: 'Steam', accountName: 'gamer', secret: b32(secrets[3]!), params: steam },
    ])
  })

  it('reads tokens the order list forgot, after the listed ones', async () => {
    const parsed = await importedSummaries(freeOtpTokensXml(tokens.slice(0, 2), ['WWE:mason']))
    expect(parsed.entries.map((entry) => entry.issuer)).toEqual(['WWE', 'Airbnb'])
  })

  it('lists unsupported algorithms, broken token JSON and other settings as failed, reading the rest', async () => {
    const xml = sharedPrefsXml([
      {
        name: 'A:sha384',
        string: JSON.stringify({
          type: 'TOTP',
          algo: 'SHA384',
          secret: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
          issuerExt: 'A',
          label: 'sha384',
        }),
      },
      {
        name: 'B:mystery',
        string: JSON.stringify({ type: 'MOTP', secret: [1, 2, 3], issuerExt: 'B', label: 'mystery' }),
      },
      { name: 'C:cut', string: '{"type":"TOTP","secret":[1,2' },
      {
        name: 'D:ok',
        string: JSON.stringify({ type: 'TOTP', issuerExt: 'D', label: 'ok', secret: [...secrets[0]!] }),
      },
      {
        name: 'E:bytes',
        string: JSON.stringify({ type: 'TOTP', issuerExt: 'E', label: 'bytes', secret: [1, 999] }),
      },
      { name: 'F:v2', string: JSON.stringify({ type: 'TOTP', issuerExt: 'F', label: 'v2', algo: 'SHA1' }) },
      { name: 'someCounter', int: 3 },
      { name: 'tokenOrder', string: '[]' },
    ])
    const parsed = await importedSummaries(xml)
    expect(parsed.entries).toEqual([
      { issuer: 'D', accountName: 'ok', secret: b32(secrets[0]!), params: totp() },
    ])
    expect(parsed.failed.map(({ name, reason }) => [name, reason])).toEqual([
      ['A: sha384', expect.stringMatching(/algorithm/i)],
      ['B: mystery', expect.stringMatching(/not supported/)],
      ['C:cut', 'this token is not valid JSON'],
      ['E: bytes', 'its secret is not a list of bytes'],
      ['F: v2', expect.stringMatching(/keystore\): import FreeOTP's backup instead/)],
      ['someCounter', 'this setting is not a FreeOTP token'],
    ])
  })

  it('says "damaged" for a cut-off token file and for a token order that is not a list', async () => {
    const xml = freeOtpTokensXml(tokens)
    await expectImportError(xml.subarray(0, xml.length - 40), 'import-unreadable')
    await expectImportError(
      sharedPrefsXml([
        { name: 'Airbnb:elijah', string: JSON.stringify(freeOtpToken(tokens[0]!)) },
        { name: 'tokenOrder', string: '{"not":"a list"}' },
      ]),
      'import-unreadable',
    )
  })

  it('is detected from content, and does not claim other apps’ settings files', async () => {
    expect(await detectFormat(freeOtpTokensXml(tokens))).toBe('freeotp-rooted')
    expect(await detectFormat(freeOtpTokensXml([]))).toBe('freeotp-rooted')
    const other = sharedPrefsXml([
      { name: 'com.example.setting', string: '{"secret":"JBSWY3DPEHPK3PXP"}' },
      { name: 'enabled', boolean: true },
    ])
    expect(await detectFormat(other)).not.toBe('freeotp-rooted')
    expect(await detectFormat(text('<?xml version="1.0"?><KeePassFile><Meta/></KeePassFile>'))).not.toBe(
      'freeotp-rooted',
    )
  })
})
