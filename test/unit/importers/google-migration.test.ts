import protobuf from 'protobufjs'
import { describe, expect, it } from 'vitest'
import { encodeBase32Secret } from '../../../electron/core/engine/index.ts'
import { googleMigrationUri } from './export-builders.ts'
import { expectImportError, hotp, importedSummaries, text, totp } from './import-helpers.ts'

const hello = Buffer.from('Hello!\xde\xad\xbe\xef', 'latin1')

describe('Google Authenticator export', () => {
  it('reads several batches in one go; HOTP keeps its counter; TOTP always gets 30 seconds', async () => {
    const file = [
      '# batch 1 of 2',
      googleMigrationUri(
        [
          { secret: hello, name: 'Instagram:ana', issuer: 'Instagram', algorithm: 2, digits: 2 },
          { secret: hello, name: 'encoding: demo', issuer: '' },
        ],
        { size: 2, index: 0 },
      ),
      '',
      googleMigrationUri([{ secret: hello, name: 'bob', issuer: 'Bank', type: 1, counter: 9 }], {
        size: 2,
        index: 1,
      }),
    ].join('\n')
    const parsed = await importedSummaries(text(file))
    expect(parsed.format).toBe('google-migration')
    expect(parsed.failed).toEqual([])
    expect(parsed.entries).toEqual([
      { issuer: 'Instagram', accountName: 'ana', secret: 'JBSWY3DPEHPK3PXP', params: totp('SHA256', 8) },
      { issuer: '', accountName: 'encoding: demo', secret: 'JBSWY3DPEHPK3PXP', params: totp() },
      { issuer: 'Bank', accountName: 'bob', secret: 'JBSWY3DPEHPK3PXP', params: hotp(), counter: 9 },
    ])
  })

  it('keeps a raw "+" a plus and reads a space as one (form decoding already happened upstream)', async () => {
    // A secret whose Base64 (at its offset in the payload) holds a "+", found by trying a few lengths.
    const candidates = [1, 2, 3, 4, 5, 6].map((length) => {
      const secret = Buffer.alloc(length, 0xfb)
      const uri = googleMigrationUri([{ secret, name: 'p', issuer: 'P' }])
      return { secret, raw: decodeURIComponent(uri.slice(uri.indexOf('data=') + 5)), uri }
    })
    const chosen = candidates.find((candidate) => candidate.raw.includes('+'))!
    const raw = `otpauth-migration://offline?data=${chosen.raw}`
    const fromRaw = await importedSummaries(text(raw))
    const fromSpaces = await importedSummaries(text(raw.replace(/\+/g, ' ')))
    expect(fromRaw.entries[0]?.secret).toBe(encodeBase32Secret(chosen.secret))
    expect(fromSpaces.entries).toEqual(fromRaw.entries)
  })

  it('lists unknown algorithms, digit counts and types as failed; MD5 as unsupported', async () => {
    const parsed = await importedSummaries(
      text(
        googleMigrationUri([
          { secret: hello, name: 'md5', issuer: 'A', algorithm: 4 },
          { secret: hello, name: 'alg9', issuer: 'B', algorithm: 9 },
          { secret: hello, name: 'dig7', issuer: 'C', digits: 7 },
          { secret: hello, name: 'type0', issuer: 'D', type: 0 },
          { secret: new Uint8Array(), name: 'empty', issuer: 'E' },
          { secret: hello, name: 'fine', issuer: 'F' },
        ]),
      ),
    )
    expect(parsed.entries.map((entry) => entry.accountName)).toEqual(['fine'])
    expect(parsed.failed.map((entry) => [entry.position, entry.name])).toEqual([
      [1, 'A: md5'],
      [2, 'B: alg9'],
      [3, 'C: dig7'],
      [4, 'D: type0'],
      [5, 'E: empty'],
    ])
    expect(parsed.failed[0]!.reason).toMatch(/MD5.*not supported/)
  })

  it('refuses a billion-entry payload up front, before decoding any entry', async () => {
    // 150,000 empty OtpParameters: two bytes each.
    const data = Buffer.alloc(150_000 * 2)
    for (let i = 0; i < data.length; i += 2) data[i] = 0x0a
    await expectImportError(
      text(`otpauth-migration://offline?data=${encodeURIComponent(data.toString('base64'))}`),
      'import-too-large',
    )
  })

  it('refuses damaged, empty or malformed export links as a whole', async () => {
    for (const line of [
      'otpauth-migration://offline?data=XXXX',
      'otpauth-migration://offline?data=',
      'otpauth-migration://offline?data=%E0%A4',
      'otpauth-migration://offline?data=a*b',
      'otpauth-migration://offline?foo=bar',
      'otpauth-migration://online?data=CgA=',
      `otpauth-migration://offline?data=${Buffer.from(
        protobuf.Writer.create()
          .uint32(3 << 3)
          .int32(1)
          .finish(),
      ).toString('base64')}`,
    ]) {
      await expectImportError(text(line), 'import-unreadable')
    }
  })

  it('refuses a counter outside the safe range', async () => {
    const parsed = await importedSummaries(
      text(googleMigrationUri([{ secret: hello, name: 'neg', issuer: 'N', type: 1, counter: -1 }])),
    )
    expect(parsed.failed).toHaveLength(1)
  })
})
