import { TwofoldError } from '../errors.ts'

export interface ParseBackupCodesOptions {
  /** Characters in one code when the platform fixes it (Instagram 8, X 12); null when unknown. */
  expectedLength?: number | null
}

/**
 * Reads backup codes pasted in whatever layout the service showed them: one per line, several per
 * line (separated by tabs, commas, semicolons, `|` or two or more spaces), numbered or bulleted
 * lists ("1. 1234 5678", "(2) …", "- …", numbers in the middle of a line for two-column layouts),
 * and codes written in halves ("1234 5678", "1234-5678").
 *
 * A dash always joins: no service separates two codes with a bare dash. A single space is ambiguous
 * — "1234 5678" is one Google code, but could be two short codes — so within a run of
 * single-space-separated groups:
 * - with an expected length L, groups are joined left to right until they make L characters
 *   ("1234 5678 2345 6789" with L = 8 is two codes); a run that cannot make L exactly yields a code
 *   of the wrong length, which is then refused.
 * - without one, the groups are halves of codes only when every group is shorter than 6 characters
 *   (no service issues backup codes that short): the whole run is one code when it makes 6–12
 *   characters, else consecutive pairs are codes when every pair makes 6–12; otherwise each group
 *   is a code of its own.
 *
 * Lines with characters no code layout uses (sentences, e-mail addresses) are skipped when they have
 * no digits — so a pasted heading such as "Keep these codes somewhere safe." does no harm — and
 * refused when they do, since they may hold a code. A heading of plain words ("SAVE YOUR BACKUP
 * CODES") cannot be told from letter codes: with an expected length it is refused as the wrong
 * length, without one it is read as codes.
 *
 * Errors name the code's position and line, never the code itself.
 */
export function parseBackupCodes(text: string, options: ParseBackupCodesOptions = {}): string[] {
  const expectedLength = checkedLength(options.expectedLength ?? null)
  const found: { code: string; line: number }[] = []
  cleaned(text)
    .split(/\r\n|\r|\n/)
    .forEach((line, index) => {
      for (const run of runsOf(line, index + 1)) {
        for (const code of codesOfRun(run, expectedLength)) found.push({ code, line: index + 1 })
      }
    })
  if (found.length === 0) throw invalid('No backup codes were found in the pasted text.')

  const firstPosition = new Map<string, number>()
  found.forEach(({ code, line }, index) => {
    const where = `Code ${index + 1} (line ${line})`
    if (expectedLength !== null && code.length !== expectedLength) {
      throw invalid(
        `${where} has ${code.length} characters, but these backup codes have ${expectedLength}. Check it against the original.`,
      )
    }
    const earlier = firstPosition.get(code)
    if (earlier !== undefined) {
      throw invalid(
        `${where} is the same as code ${earlier}; every code in a set is different, so check the paste.`,
      )
    }
    firstPosition.set(code, index + 1)
  })
  return found.map(({ code }) => code)
}

/** For comparing a typed code with a saved one: spaces and dashes dropped, letters upper-cased. */
export function normalizeBackupCode(text: string): string {
  return cleaned(text).replace(/[\s-]/g, '').toUpperCase()
}

/** Full-width digits, non-breaking spaces and typographic dashes (from PDFs, web pages) made plain. */
function cleaned(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u200B-\u200D\u2060\uFEFF]/g, '')
    .replace(/[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g, '-')
}

const RUN_SEPARATOR = /[\t,;|]| {2,}/
const LIST_MARKER = /^(?:\(?\d{1,3}[.):]|\(\d{1,3}\)|#\d{1,3}:?|[-*•·‣◦])$/
const CODE_PIECE = /^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$/

/** A line's runs of single-space-separated groups, dashes removed; list markers end a run. */
function runsOf(line: string, lineNumber: number): string[][] {
  const runs: string[][] = []
  for (const part of line.split(RUN_SEPARATOR)) {
    let run: string[] = []
    for (const token of part.trim().split(/\s+/)) {
      if (token === '') continue
      if (LIST_MARKER.test(token)) {
        if (run.length > 0) runs.push(run)
        run = []
      } else if (CODE_PIECE.test(token)) {
        run.push(token.replaceAll('-', '').toUpperCase())
      } else {
        if (!/\d/.test(line)) return []
        throw invalid(
          `Line ${lineNumber} has characters that backup codes never contain; paste only the codes.`,
        )
      }
    }
    if (run.length > 0) runs.push(run)
  }
  return runs
}

function codesOfRun(groups: readonly string[], expectedLength: number | null): string[] {
  return expectedLength === null ? codesOfUnknownLength(groups) : codesOfLength(groups, expectedLength)
}

function codesOfLength(groups: readonly string[], length: number): string[] {
  const codes: string[] = []
  let code = ''
  for (const group of groups) {
    if (code !== '' && code.length + group.length > length) {
      codes.push(code)
      code = ''
    }
    code += group
    if (code.length >= length) {
      codes.push(code)
      code = ''
    }
  }
  if (code !== '') codes.push(code)
  return codes
}

const SHORTEST_CODE = 6
const LONGEST_SPLIT_CODE = 12

function codesOfUnknownLength(groups: readonly string[]): string[] {
  if (groups.some((group) => group.length >= SHORTEST_CODE)) return [...groups]
  const whole = groups.join('')
  if (isSplitCodeLength(whole.length)) return [whole]
  const pairs: string[] = []
  for (let index = 0; index + 1 < groups.length; index += 2)
    pairs.push((groups[index] ?? '') + (groups[index + 1] ?? ''))
  const pairsFit = groups.length % 2 === 0 && pairs.every((pair) => isSplitCodeLength(pair.length))
  return pairsFit ? pairs : [...groups]
}

function isSplitCodeLength(length: number): boolean {
  return length >= SHORTEST_CODE && length <= LONGEST_SPLIT_CODE
}

function checkedLength(length: number | null): number | null {
  if (length === null || (Number.isInteger(length) && length >= 1 && length <= 64)) return length
  throw invalid('The expected length of a backup code must be a whole number from 1 to 64.')
}

function invalid(message: string): TwofoldError {
  return new TwofoldError('invalid-request', message)
}
