import type { CollectedEntries } from '../entry-collector.ts'
import type { TextLine } from '../import-text.ts'
import { isMigrationUri } from './google-migration-payload.ts'
import { readUriLines } from './uri-lines.ts'
import type { FormatReader } from '../format-reader.ts'

// Google Authenticator's export, saved as text: one `otpauth-migration://offline?data=` link per QR
// code of the export (a large export spans several), so several batches are read in one go. The
// payload itself is decoded in google-migration-payload.ts, shared with the QR-image reader.

/** Any content line is an export link (people paste them under notes of their own). */
export function looksLikeGoogleMigration(lines: readonly TextLine[]): boolean {
  return lines.some((line) => isMigrationUri(line.text))
}

export function readGoogleMigration(bytes: Uint8Array): CollectedEntries {
  return readUriLines(bytes, 'Google Authenticator export')
}

export const googleMigrationFormat: FormatReader = {
  detect: (sample) => sample.lines !== null && looksLikeGoogleMigration(sample.lines),
  read: (bytes) => readGoogleMigration(bytes),
}
