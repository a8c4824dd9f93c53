import { importFormatInfo, isImportFormat, type ImportFormat } from '../../../shared/domain/import-formats.ts'
import type { ImportCredentials } from './format-reader.ts'
import { detectionOrder, formatReaders } from './format-registry.ts'
import type { ParsedImport } from './imported-entry.ts'
import { tooLarge, unsupportedFormat } from './import-errors.ts'
import { MAX_IMPORT_BYTES } from './import-limits.ts'
import { ImportSample } from './import-sample.ts'
import { readIsolated } from './isolated-read-thread.ts'

// The one way into the importers: find out what a file is from its content, then read it with that
// format's reader (format-registry.ts). Every failure is a TwofoldError with an import code.

export interface ReadImportOptions extends ImportCredentials {
  /** Skips detection (the person chose the format). */
  format?: ImportFormat
  /** Only a tie-breaker for detection, where content cannot decide (andOTP's old encrypted files). */
  fileName?: string
}

function checkSize(bytes: Uint8Array): void {
  if (!(bytes instanceof Uint8Array)) throw unsupportedFormat('The file could not be read.')
  if (bytes.length > MAX_IMPORT_BYTES) {
    throw tooLarge(
      `This file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MiB, far beyond any authenticator export.`,
    )
  }
}

/**
 * The file's format from its content, or null when it is none Twofold reads. The file name only
 * breaks a tie content cannot decide. Throws `import-too-large` for files over the size cap.
 */
export async function detectFormat(bytes: Uint8Array, fileName?: string): Promise<ImportFormat | null> {
  checkSize(bytes)
  const sample = new ImportSample(bytes, fileName)
  for (const [format, reader] of detectionOrder) if (await reader.detect(sample)) return format
  for (const [format, reader] of detectionOrder) if (reader.detectByName?.(sample) === true) return format
  return null
}

function unknownFileMessage(): string {
  const apps = [...new Set(Object.values(importFormatInfo).map((info) => info.label))]
  return `Twofold does not recognise this file. It reads: ${apps.join('; ')}.`
}

export async function readImport(bytes: Uint8Array, options: ReadImportOptions = {}): Promise<ParsedImport> {
  checkSize(bytes)
  // The format may come over IPC or from the command line: it is checked, not trusted.
  if (options.format !== undefined && !isImportFormat(options.format)) {
    throw unsupportedFormat('This import format is unknown.')
  }
  const format = options.format ?? (await detectFormat(bytes, options.fileName))
  if (format === null) throw unsupportedFormat(unknownFileMessage())
  // Credentials that are not what they claim (a malformed request) are treated as none given.
  const password = typeof options.password === 'string' ? options.password : undefined
  const keyFile = options.keyFile instanceof Uint8Array ? options.keyFile : undefined
  const reader = formatReaders[format]
  const { entries, failed } = reader.isolated?.(bytes)
    ? await readIsolated(format, bytes, { password, keyFile })
    : await reader.read(bytes, { password, keyFile })
  return { format, entries, failed }
}
