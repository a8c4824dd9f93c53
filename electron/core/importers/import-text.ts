import { tooLarge, unreadable } from './import-errors.ts'
import { MAX_IMPORT_ENTRIES } from './import-limits.ts'

const utf8 = new TextDecoder('utf-8', { fatal: true })
const utf16le = new TextDecoder('utf-16le', { fatal: true })
const utf16be = new TextDecoder('utf-16be', { fatal: true })

/**
 * The file as text, or null when it is not text. UTF-8 is what every exporter writes; UTF-16 with a
 * byte-order mark is what spreadsheet programs on Windows write as "Unicode text", so agency CSVs
 * arrive that way too. Byte-order marks are dropped (the decoders do it).
 */
export function decodeText(bytes: Uint8Array): string | null {
  try {
    if (bytes[0] === 0xff && bytes[1] === 0xfe) return utf16le.decode(bytes)
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return utf16be.decode(bytes)
    const text = utf8.decode(bytes)
    // NUL never appears in a text export; a file full of them is binary that happens to be valid UTF-8.
    return text.includes('\u0000') ? null : text
  } catch {
    return null
  }
}

export function requireText(bytes: Uint8Array, kind: string): string {
  const text = decodeText(bytes)
  if (text === null) throw unreadable(`This ${kind} is not text: it may be damaged or of another kind.`)
  return text
}

export interface TextLine {
  /** 1-based, as an editor shows it. */
  number: number
  text: string
}

/**
 * Lines that carry content: trimmed, without blank lines and `#` comments. Stops with a typed error
 * once there are more than `MAX_IMPORT_ENTRIES`, before any line is parsed, so a file of millions of
 * lines costs one scan and no per-line work.
 */
export function contentLines(text: string): TextLine[] {
  const lines: TextLine[] = []
  const breaks = /\r\n|\r|\n/g
  let start = 0
  let number = 1
  for (;;) {
    const found = breaks.exec(text)
    const line = text.slice(start, found === null ? text.length : found.index).trim()
    if (line !== '' && !line.startsWith('#')) {
      if (lines.length === MAX_IMPORT_ENTRIES) {
        throw tooLarge(
          `This file has more than ${MAX_IMPORT_ENTRIES.toLocaleString('en')} lines of accounts.`,
        )
      }
      lines.push({ number, text: line })
    }
    if (found === null) return lines
    start = found.index + found[0].length
    number++
  }
}

/** Strict Base64 (standard or URL alphabet, padding optional): Node's own decoder skips bad characters. */
export function decodeBase64(text: string, what: string): Buffer {
  const compact = text.replace(/\s+/g, '')
  const unpadded = compact.replace(/={1,2}$/, '')
  if (!/^[A-Za-z0-9+/_-]*$/.test(unpadded) || unpadded.length % 4 === 1) {
    throw unreadable(`${what} is not valid Base64: the file may be damaged.`)
  }
  return Buffer.from(unpadded.replace(/-/g, '+').replace(/_/g, '/'), 'base64')
}

export function decodeHex(text: string, what: string): Buffer {
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(text)) {
    throw unreadable(`${what} is not valid hexadecimal: the file may be damaged.`)
  }
  return Buffer.from(text, 'hex')
}
