import { describe, expect, it } from 'vitest'
import { encodeBase32Secret } from '../../../electron/core/engine/index.ts'
import { detectFormat } from '../../../electron/core/importers/read-import.ts'
import { freeOtpPlusJson, freeOtpToken, type FreeOtpTokenInput } from './builders/freeotp.ts'
import { expectImportError, hotp, importedSummaries, steam, text, totp } from './import-helpers.ts'

// FreeOTP+'s JSON export: {"tokenOrder": [...], "tokens": [FreeOTP token JSON, ...]}.

const secretA = Buffer.from('55 2a 94 b9 9f ee d0 79 b4 72 cd 44 d5 2f e6 42'.replace(/ /g, ''), 'hex')
const secretB = Buffer.from('c39cc45ed2e99be8cc2fa14b654edd67ffee', 'hex')
const secretC = Buffer.from('0102030405060708090a0b0c0d0e0f10', 'hex')

const tokens: FreeOtpTokenInput[] = [
  {
    type: 'HOTP',
    issuerExt: 'Air Canada',
    issuerInt: 'Air Canada',
    label: 'Benjamin',
    algo: 'SHA256',
    digits: 7,
    period: 30,
    counter: 49,
    secret: secretA,
  },
  {
    type: 'TOTP',
    issuerExt: 'SPDX',
    issuerInt: 'SPDX',
    label: 'James',
    algo: 'SHA512',
    digits: 8,
    period: 20,
    counter: 0,
    secret: secretB,
    image: 'content://whatever',
  },
  // Only the issuer parameter (no "Issuer:" prefix in the label): that is its issuer.
  { type: 'TOTP', issuerInt: 'Mastodon', label: 'me@example.social', secret: secretC },
  { type: 'TOTP', issuerExt: 'Steam', label: 'gamer', digits: 5, secret: secretC },
]

describe('FreeOTP+ export (JSON)', () => {
  it('reads every token in order: issuer, name, algorithm, digits, period, counter, Steam', async () => {
    const parsed = await importedSummaries(freeOtpPlusJson(tokens))
    expect(parsed.format).toBe('freeotp-plus')
    expect(parsed.failed).toEqual([])
    expect(parsed.entries).toEqual([
      {
        issuer: 'Air Canada',
        accountName: 'Benjamin',
        secret: encodeBase32Secret(secretA),
        params: hotp('SHA256', 7),
        counter: 49,
      },
      {
        issuer: 'SPDX',
        accountName: 'James',
        secret: encodeBase32Secret(secretB),
        params: totp('SHA512', 8, 20),
      },
      {
        issuer: 'Mastodon',
        accountName: 'me@example.social',
        secret: encodeBase32Secret(secretC),
        params: totp(),
      },
      { issuer: 'Steam', accountName: 'gamer', secret: encodeBase32Secret(secretC), params: steam },
    ])
  })

  it('lists a token with an unknown type or no secret as failed and reads the others', async () => {
    const bytes = Buffer.from(
      JSON.stringify({
        tokens: [
          { ...freeOtpToken(tokens[1]!), type: 'YANDEX' },
          { type: 'TOTP', issuerExt: 'Nope', label: 'no secret' },
          freeOtpToken(tokens[0]!),
        ],
      }),
    )
    const parsed = await importedSummaries(bytes)
    expect(parsed.entries.map((entry) => entry.issuer)).toEqual(['Air Canada'])
    expect(parsed.failed.map(({ position, name }) => [position, name])).toEqual([
      [1, 'SPDX: James'],
      [2, 'Nope: no secret'],
    ])
    expect(parsed.failed[0]?.reason).toMatch(/"YANDEX" entries are not supported/)
    expect(parsed.failed[1]?.reason).toBe('its secret is not a list of bytes')
  })

  it('says "damaged" for a cut-off export instead of "unknown format"', async () => {
    const bytes = freeOtpPlusJson(tokens)
    await expectImportError(bytes.subarray(0, bytes.length / 2), 'import-unreadable')
  })

  it('is detected from content, and does not claim other JSON', async () => {
    expect(await detectFormat(freeOtpPlusJson(tokens))).toBe('freeotp-plus')
    expect(await detectFormat(freeOtpPlusJson([]))).toBe('freeotp-plus')
    expect(await detectFormat(text('{"tokens":["abc"],"other":1}'))).not.toBe('freeotp-plus')
    expect(await detectFormat(text('{"services":[],"schemaVersion":4}'))).not.toBe('freeotp-plus')
  })
})
