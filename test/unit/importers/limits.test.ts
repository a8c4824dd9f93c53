import { describe, expect, it } from 'vitest'
import { isTwofoldError } from '../../../electron/core/errors.ts'
import { readImport } from '../../../electron/core/importers/read-import.ts'
import {
  MAX_IMPORT_BYTES,
  MAX_IMPORT_ENTRIES,
  MAX_NAME_CHARS,
} from '../../../electron/core/importers/import-limits.ts'
import { aegisEntry, aegisVault } from './export-builders.ts'
import { expectImportError, importedSummaries, text } from './import-helpers.ts'

const uri = 'otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP&issuer=A'

describe('bounds on hostile input', () => {
  it('refuses files over the size cap before reading them', async () => {
    const big = Buffer.alloc(MAX_IMPORT_BYTES + 1, 0x20)
    await expectImportError(big, 'import-too-large')
    await expectImportError(big, 'import-too-large', { format: 'otpauth-list' })
  })

  it('refuses more entries than the cap, in every kind of list, before reading any', async () => {
    const many = MAX_IMPORT_ENTRIES + 1
    await expectImportError(text(`${uri}\n`.repeat(many)), 'import-too-large')
    await expectImportError(text(`[${'0,'.repeat(many - 1)}0]`), 'import-too-large', { format: 'andotp' })
    await expectImportError(
      text(
        JSON.stringify({
          version: 1,
          header: { slots: null, params: null },
          db: { entries: new Array(many).fill(0) },
        }),
      ),
      'import-too-large',
    )
    await expectImportError(text(`handle\n${'a\n'.repeat(many)}`), 'import-too-large', {
      format: 'agency-csv',
    })
  })

  it('lists an entry whose fields are too long as failed, without the field', async () => {
    const long = 'x'.repeat(MAX_NAME_CHARS + 1)
    const parsed = await importedSummaries(
      aegisVault({
        version: 2,
        entries: [
          aegisEntry({ type: 'totp', name: long, issuer: 'A', secret: 'JBSWY3DPEHPK3PXP' }),
          aegisEntry({
            type: 'totp',
            name: 'ok',
            issuer: 'A',
            secret: 'JBSWY3DPEHPK3PXP',
            group: 'g'.repeat(300),
          }),
          aegisEntry({ type: 'totp', name: 'fine', issuer: 'A', secret: 'JBSWY3DPEHPK3PXP' }),
        ],
      }),
    )
    expect(parsed.entries.map((entry) => entry.accountName)).toEqual(['fine'])
    expect(parsed.failed.map((entry) => entry.reason)).toEqual([
      `the account name is longer than ${MAX_NAME_CHARS} characters`,
      'the group name is longer than 256 characters',
    ])
    expect(parsed.failed[0]!.name.length).toBeLessThanOrEqual(100)
  })

  it('refuses an unknown format name passed from outside', async () => {
    await expectImportError(text(uri), 'import-unsupported-format', { format: 'lotus-notes' as never })
  })
})

describe('hostile shapes at the size cap', () => {
  const size = MAX_IMPORT_BYTES - 1024
  it.each<[string, () => Buffer]>([
    ['JSON nested twenty million levels deep', () => Buffer.alloc(size, '[')],
    ['a CSV line of millions of empty fields', () => Buffer.from(`handle,uri,${','.repeat(size)}`)],
    ['millions of blank lines', () => Buffer.alloc(size, '\n')],
    [
      'one Google export link of 20 MiB',
      () => Buffer.from(`otpauth-migration://offline?data=${'A'.repeat(size)}`),
    ],
  ])('%s: a typed error within seconds', async (_name, build) => {
    const bytes = build()
    const started = performance.now()
    let code: unknown
    try {
      await readImport(bytes)
    } catch (error) {
      code = isTwofoldError(error) ? error.code : error
    }
    expect(code).toMatch(/^import-/)
    expect(performance.now() - started).toBeLessThan(10_000)
  })
})
