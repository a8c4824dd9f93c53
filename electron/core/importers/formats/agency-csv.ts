import { platformIds, platformPresets, type PlatformId } from '../../../../shared/domain/platforms.ts'
import {
  checkHandle,
  checkPhone,
  entryFromOtpAuthUri,
  entryWithoutSecret,
  type EntryText,
} from '../build-entry.ts'
import { collectEntries, type CollectedEntries } from '../entry-collector.ts'
import { readCsvTable } from '../import-csv.ts'
import { unreadable } from '../import-errors.ts'
import type { ImportedEntry } from '../imported-entry.ts'
import { requireText } from '../import-text.ts'
import type { FormatReader } from '../format-reader.ts'

// The spreadsheet an agency already keeps: `platform,handle,client,sms phone,whatsapp phone,notes,
// otpauth uri`. Header names are matched ignoring case, spaces, `_` and `-`, with short aliases
// (`sms`, `whatsapp`, `uri`); every column is optional and order does not matter. A row without a
// link is still an account (the authenticator is added later), carrying its platform, handle and
// phones. Phone numbers stay as written: they are normalised where they are stored.

const KIND = 'accounts spreadsheet'

type Column = 'platform' | 'handle' | 'client' | 'sms' | 'whatsapp' | 'notes' | 'uri'

// Maps, not object literals: a header cell reading "constructor" must not find Object's prototype.
const COLUMN_NAMES = new Map<string, Column>(
  Object.entries({
    platform: 'platform',
    handle: 'handle',
    client: 'client',
    'sms phone': 'sms',
    sms: 'sms',
    'whatsapp phone': 'whatsapp',
    whatsapp: 'whatsapp',
    notes: 'notes',
    note: 'notes',
    'otpauth uri': 'uri',
    'otpauth url': 'uri',
    otpauth: 'uri',
    uri: 'uri',
  } satisfies Record<string, Column>),
)

/** What people write in the platform column, beyond Twofold's ids and the platforms' own names. */
const PLATFORM_ALIASES = new Map<string, PlatformId>([
  ['twitter', 'x'],
  ['ig', 'instagram'],
  ['fb', 'facebook'],
])

function normaliseHeader(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ')
}

function columnsOf(header: readonly string[]): Map<Column, number> {
  const columns = new Map<Column, number>()
  header.forEach((name, index) => {
    const column = COLUMN_NAMES.get(normaliseHeader(name))
    if (column !== undefined && !columns.has(column)) columns.set(column, index)
  })
  return columns
}

/** A header naming a handle or a link, and at least one more of our columns. */
export function looksLikeAgencyCsv(header: readonly string[]): boolean {
  const columns = columnsOf(header)
  return (columns.has('handle') || columns.has('uri')) && columns.size >= 2
}

export function readAgencyCsv(bytes: Uint8Array): CollectedEntries {
  const table = readCsvTable(requireText(bytes, KIND))
  const columns = columnsOf(table.header)
  if (!columns.has('handle') && !columns.has('uri')) {
    throw unreadable(`This ${KIND} has neither a "handle" nor an "otpauth uri" column.`)
  }
  return collectEntries((collector) => {
    for (const { number, cells } of table.rows) {
      const cell = (column: Column): string | undefined => {
        const index = columns.get(column)
        const value = index === undefined ? undefined : cells[index]?.trim()
        return value === '' ? undefined : value
      }
      // Rows of empty cells are spacing in a spreadsheet, not accounts.
      if (cells.every((value) => value.trim() === '')) continue
      collector.add(cell('handle') ?? cell('platform') ?? '', () => entryOfRow(cell), number)
    }
  })
}

function entryOfRow(cell: (column: Column) => string | undefined): ImportedEntry {
  const platformText = cell('platform')
  const handle = checkHandle(cell('handle')?.replace(/^@/, ''))
  const uri = cell('uri')
  const sms = checkPhone(cell('sms'), 'the SMS phone')
  const whatsapp = checkPhone(cell('whatsapp'), 'the WhatsApp phone')
  if (uri === undefined && handle === undefined) {
    throw unreadable('the row has neither a handle nor an otpauth link')
  }
  const known = platformOf(platformText)
  const text: EntryText = {
    // A platform Twofold knows names its own issuer; any other is kept as the text the sheet used.
    issuer: known === undefined ? platformText : platformPresets[known].issuer,
    accountName: handle,
    group: cell('client'),
    note: cell('notes'),
  }
  const entry = uri === undefined ? entryWithoutSecret(text) : entryFromOtpAuthUri(uri, text)
  return {
    ...entry,
    platform: known ?? platformOf(entry.issuer) ?? 'generic',
    ...(handle === undefined ? {} : { handle }),
    ...(sms === undefined ? {} : { sms }),
    ...(whatsapp === undefined ? {} : { whatsapp }),
  }
}

function platformOf(text: string | undefined): PlatformId | undefined {
  if (text === undefined) return undefined
  const wanted = text.trim().toLowerCase()
  if (wanted === '') return undefined
  const byId = platformIds.find((id) => id === wanted && id !== 'generic')
  if (byId !== undefined) return byId
  const byName = platformIds.find(
    (id) => id !== 'generic' && platformPresets[id].name.toLowerCase() === wanted,
  )
  return byName ?? PLATFORM_ALIASES.get(wanted)
}

export const agencyCsvFormat: FormatReader = {
  detect: (sample) => sample.csvHeader !== null && looksLikeAgencyCsv(sample.csvHeader),
  read: (bytes) => readAgencyCsv(bytes),
}
