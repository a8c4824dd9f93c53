import { parse } from 'csv-parse/sync'
import { tooLarge, unreadable } from './import-errors.ts'
import { MAX_IMPORT_ENTRIES, MAX_NOTE_CHARS } from './import-limits.ts'

// CSV as spreadsheets and password managers write it (RFC 4180 quoting), read with csv-parse. The
// delimiter is whichever of comma, semicolon or tab the header uses most: spreadsheet programs in
// many locales save with semicolons.

/** Far more columns than any export has; extra ones are cut so a hostile row cannot balloon memory. */
const MAX_COLUMNS = 256
/** One record, quotes included: a long note plus everything else fits easily. */
const MAX_RECORD_CHARS = MAX_NOTE_CHARS * 4

export interface CsvTable {
  /** Header names as written, trimmed. */
  header: string[]
  /** Data rows, each with the 1-based line it ends on (for one-line rows, the row number a spreadsheet shows). */
  rows: { number: number; cells: string[] }[]
}

function delimiterOf(text: string): string {
  const firstLine = text.slice(0, text.search(/\r|\n|$/))
  const counts = [',', ';', '\t'].map((delimiter) => ({
    delimiter,
    count: firstLine.split(delimiter).length,
  }))
  counts.sort((a, b) => b.count - a.count)
  return counts[0]?.delimiter ?? ','
}

/**
 * csv-parse bounds the size of one field, not the number of fields: a line of millions of commas
 * would become a record of millions of strings. Lines are therefore bounded before parsing.
 */
const MAX_LINE_CHARS = MAX_RECORD_CHARS

function longestLine(text: string): number {
  let longest = 0
  let start = 0
  while (start <= text.length) {
    let end = text.indexOf('\n', start)
    if (end === -1) end = text.length
    longest = Math.max(longest, end - start)
    start = end + 1
  }
  return longest
}

interface CsvRecord {
  line: number
  cells: string[]
}

function parseRecords(text: string, limit: number): CsvRecord[] {
  if (longestLine(text) > MAX_LINE_CHARS) {
    throw unreadable(
      `This CSV file has a line longer than ${MAX_LINE_CHARS.toLocaleString('en')} characters.`,
    )
  }
  const lines: number[] = []
  let records: string[][]
  try {
    records = parse(text, {
      delimiter: delimiterOf(text),
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      max_record_size: MAX_RECORD_CHARS,
      to: limit,
      on_record: (record, context) => {
        lines.push(context.lines)
        return record.slice(0, MAX_COLUMNS)
      },
    })
  } catch {
    // csv-parse's messages quote the offending text, which may be a secret: they are not passed on.
    throw unreadable('This CSV file is not well-formed: check its quotes and delimiters.')
  }
  return records.map((cells, index) => ({ line: lines[index] ?? index + 1, cells }))
}

/** The header row alone, for detection; null when the text is not CSV at all. */
export function csvHeader(text: string): string[] | null {
  // Only the first line is looked at: detection must stay cheap on any file.
  const end = text.search(/\r|\n/)
  const firstLine = end === -1 ? text : text.slice(0, end)
  try {
    return parseRecords(firstLine, 1)[0]?.cells.map((name) => name.trim()) ?? null
  } catch {
    return null
  }
}

export function readCsvTable(text: string): CsvTable {
  const records = parseRecords(text, MAX_IMPORT_ENTRIES + 2)
  if (records.length > MAX_IMPORT_ENTRIES + 1) {
    throw tooLarge(`This CSV file has more than ${MAX_IMPORT_ENTRIES.toLocaleString('en')} rows.`)
  }
  const [header, ...rows] = records
  return {
    header: header?.cells.map((name) => name.trim()) ?? [],
    rows: rows.map(({ line, cells }) => ({ number: line, cells })),
  }
}
