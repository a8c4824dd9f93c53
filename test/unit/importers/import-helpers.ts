import { expect } from 'vitest'
import type { ErrorCode } from '../../../shared/domain/errors.ts'
import { encodeBase32Secret } from '../../../electron/core/engine/index.ts'
import { isTwofoldError } from '../../../electron/core/errors.ts'
import type { ImportedEntry, ParsedImport } from '../../../electron/core/importers/imported-entry.ts'
import { readImport, type ReadImportOptions } from '../../../electron/core/importers/read-import.ts'

/** An entry as the tests compare it: the secret as Base32, everything else as read. */
export function summary(entry: ImportedEntry): Record<string, unknown> {
  return { ...entry, secret: entry.secret === null ? null : encodeBase32Secret(entry.secret) }
}

export async function imported(bytes: Uint8Array, options: ReadImportOptions = {}): Promise<ParsedImport> {
  return readImport(bytes, options)
}

export async function importedSummaries(bytes: Uint8Array, options: ReadImportOptions = {}) {
  const parsed = await readImport(bytes, options)
  return { ...parsed, entries: parsed.entries.map(summary) }
}

export async function expectImportError(
  bytes: Uint8Array,
  code: ErrorCode,
  options: ReadImportOptions = {},
): Promise<void> {
  let caught: unknown
  try {
    await readImport(bytes, options)
  } catch (error) {
    caught = error
  }
  expect(isTwofoldError(caught), `expected a TwofoldError, got ${String(caught)}`).toBe(true)
  expect((caught as { code: string }).code).toBe(code)
}

export const text = (value: string): Buffer => Buffer.from(value, 'utf8')

export const totp = (algorithm = 'SHA1', digits = 6, period = 30) => ({
  type: 'totp',
  algorithm,
  digits,
  period,
})
export const hotp = (algorithm = 'SHA1', digits = 6) => ({ type: 'hotp', algorithm, digits })
export const steam = { type: 'steam', algorithm: 'SHA1', digits: 5, period: 30 }
