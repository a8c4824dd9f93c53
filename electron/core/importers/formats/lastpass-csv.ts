import { collectEntries, type CollectedEntries } from '../entry-collector.ts'
import type { FormatReader } from '../format-reader.ts'
import { readCsvTable } from '../import-csv.ts'
import { unreadable } from '../import-errors.ts'
import { requireText } from '../import-text.ts'
import { entryFromPasswordManagerTotp } from './password-manager-item.ts'

// LastPass's CSV export: `url,username,password,totp,extra,name,grouping,fav`. `totp` holds the
// authenticator key LastPass keeps for a site (a bare Base32 secret, or an otpauth:// link when one was
// pasted in), `name` the site's name, `extra` its notes, `grouping` its folder (nested folders written
// `Parent\Child`, kept whole as the client: an agency's folder per client is the point). Rows with an
// empty `totp` are ordinary logins and secure notes, and are skipped; `password` is never read.
// Detected by the header: `grouping` and `extra` are LastPass's own words, and the agency spreadsheet
// detector never takes it (no handle, no link column: LastPass says `url`, not `uri`).

const KIND = 'LastPass CSV export'
const REQUIRED = ['url', 'username', 'extra', 'name', 'grouping'] as const

function columnsOf(header: readonly string[]): (name: string) => number {
  const lower = header.map((name) => name.trim().toLowerCase())
  return (name) => lower.indexOf(name)
}

export function looksLikeLastPassCsv(header: readonly string[]): boolean {
  const column = columnsOf(header)
  return REQUIRED.every((name) => column(name) !== -1)
}

export function readLastPassCsv(bytes: Uint8Array): CollectedEntries {
  const table = readCsvTable(requireText(bytes, KIND))
  const column = columnsOf(table.header)
  if (!looksLikeLastPassCsv(table.header)) throw unreadable(`This ${KIND} does not have LastPass's columns.`)
  const totpColumn = column('totp')
  const cell = (cells: readonly string[], name: string): string | undefined => {
    const index = column(name)
    return index === -1 ? undefined : cells[index]
  }
  return collectEntries((collector) => {
    // An export made before LastPass kept authenticator keys has no totp column: nothing to import.
    if (totpColumn === -1) return
    for (const { number, cells } of table.rows) {
      const totp = cells[totpColumn] ?? ''
      if (totp.trim() === '') continue
      const name = cell(cells, 'name')
      collector.add(
        name ?? '',
        () =>
          entryFromPasswordManagerTotp(totp, {
            title: name,
            username: cell(cells, 'username'),
            url: cell(cells, 'url'),
            group: cell(cells, 'grouping'),
            note: cell(cells, 'extra'),
          }),
        number,
      )
    }
  })
}

export const lastPassCsvFormat: FormatReader = {
  detect: (sample) => sample.csvHeader !== null && looksLikeLastPassCsv(sample.csvHeader),
  read: (bytes) => readLastPassCsv(bytes),
}
