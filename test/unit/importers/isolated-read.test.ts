import * as openpgp from 'openpgp'
import { describe, expect, it } from 'vitest'
import { isTwofoldError, type TwofoldError } from '../../../electron/core/errors.ts'
import { MAX_IMPORT_BYTES } from '../../../electron/core/importers/import-limits.ts'
import { readIsolated } from '../../../electron/core/importers/isolated-read-thread.ts'
import { readImport } from '../../../electron/core/importers/read-import.ts'
import { kdbx, protonPgp } from './builders/password-managers.ts'

// KeePass, Proton Pass's PGP export and Authenticator Plus's SQLCipher file are opened by libraries
// that inflate and derive keys where Twofold cannot bound them from outside; they are read on a worker
// with a time and heap limit. A file past either is refused with a typed error and the app goes on.

const otp = 'otpauth://totp/Instagram:ana?secret=JBSWY3DPEHPK3PXP&issuer=Instagram'

async function caught(promise: Promise<unknown>): Promise<TwofoldError> {
  try {
    await promise
  } catch (error) {
    if (isTwofoldError(error)) return error
    throw error
  }
  throw new Error('expected a refusal')
}

describe('formats read on a bounded worker', () => {
  it('reads a KeePass database there and hands back its accounts', async () => {
    const file = await kdbx(
      { entries: [{ title: 'Instagram', fields: { otp } }] },
      { password: 'pw', rounds: 1 },
    )
    const parsed = await readImport(file, { password: 'pw' })
    expect(parsed.format).toBe('keepass')
    expect(parsed.entries.map((entry) => [entry.issuer, entry.accountName])).toEqual([['Instagram', 'ana']])
  })

  it("passes the reader's own refusal back unchanged, field included", async () => {
    const file = await kdbx(
      { entries: [{ title: 'Instagram', fields: { otp } }] },
      { password: 'pw', rounds: 1 },
    )
    const wrong = await caught(readImport(file, { password: 'not pw' }))
    expect(wrong.code).toBe('import-wrong-password')
    expect(wrong.extra.field).toBeDefined()
  })

  it('refuses a Proton Pass export that inflates past the import size cap', async () => {
    // 20 MiB of zeros compress to a few KiB: the decompression cap, not the file size, must stop it.
    const bomb = await protonPgp(
      null,
      'pw',
      { preferredCompressionAlgorithm: openpgp.enums.compression.zlib },
      new Uint8Array(MAX_IMPORT_BYTES + 1),
    )
    expect(bomb.length).toBeLessThan(1024 * 1024)
    const refused = await caught(readImport(bomb, { password: 'pw' }))
    expect(refused.code).toBe('import-too-large')
  })

  it('stops a read past its time limit with a typed error', async () => {
    const file = await kdbx(
      { entries: [{ title: 'Instagram', fields: { otp } }] },
      { password: 'pw', rounds: 1 },
    )
    const slow = await caught(readIsolated('keepass', file, { password: 'pw' }, { timeMs: 1, heapMb: 512 }))
    expect(slow.code).toBe('import-too-large')
    expect(slow.message).toMatch(/too long/)
    // The caller's buffer is its own: the worker had a copy.
    expect(file.some((byte) => byte !== 0)).toBe(true)
  })
})
