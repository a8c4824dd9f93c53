import type { CollectedEntries } from '../entry-collector.ts'
import type { TextLine } from '../import-text.ts'
import { isOtpAuthUri, readUriLines } from './uri-lines.ts'
import type { FormatReader } from '../format-reader.ts'

// otpauth:// links, one per line: Aegis's `plain.txt`, Ente Auth's plain `ente_auth.txt`, or a list
// kept by hand. Blank lines and `#` comments are skipped; any other line is listed as failed.

/** Some line is a link; other lines (a heading someone typed) are listed as failed, not a reason to refuse. */
export function looksLikeOtpAuthList(lines: readonly TextLine[]): boolean {
  return lines.some((line) => isOtpAuthUri(line.text))
}

export function readOtpAuthList(bytes: Uint8Array): CollectedEntries {
  return readUriLines(bytes, 'list of otpauth links')
}

export const otpAuthListFormat: FormatReader = {
  detect: (sample) => sample.lines !== null && looksLikeOtpAuthList(sample.lines),
  read: (bytes) => readOtpAuthList(bytes),
}
