import { collectEntries, type CollectedEntries } from '../entry-collector.ts'
import { readCsvTable } from '../import-csv.ts'
import { unreadable } from '../import-errors.ts'
import { requireText } from '../import-text.ts'
import { entryFromBitwardenTotp } from './bitwarden-totp.ts'
import type { FormatReader } from '../format-reader.ts'

// Bitwarden CSV export (`folder,favorite,type,name,notes,fields,login_uri,login_username,
// login_password,login_totp`; organisation exports have `collections` instead of `folder`). Rows
// with an empty `login_totp` are ordinary logins, not authenticators, and are skipped.

const KIND = 'Bitwarden CSV export'

export function looksLikeBitwardenCsv(header: readonly string[]): boolean {
  return header.some((name) => name.toLowerCase() === 'login_totp')
}

export function readBitwardenCsv(bytes: Uint8Array): CollectedEntries {
  const table = readCsvTable(requireText(bytes, KIND))
  const column = (name: string): number => table.header.findIndex((title) => title.toLowerCase() === name)
  const totpColumn = column('login_totp')
  if (totpColumn === -1) throw unreadable(`This ${KIND} has no login_totp column.`)
  const nameColumn = column('name')
  const usernameColumn = column('login_username')
  const folderColumn = column('folder') === -1 ? column('collections') : column('folder')
  const notesColumn = column('notes')
  const cell = (cells: readonly string[], index: number): string | undefined =>
    index === -1 ? undefined : cells[index]

  return collectEntries((collector) => {
    for (const { number, cells } of table.rows) {
      const totp = cell(cells, totpColumn) ?? ''
      if (totp.trim() === '') continue
      const name = cell(cells, nameColumn)
      collector.add(
        name ?? '',
        () =>
          entryFromBitwardenTotp(totp, {
            name,
            username: cell(cells, usernameColumn),
            // An organisation row may list several collections, comma-separated: the first is the group.
            folder: cell(cells, folderColumn)?.split(',')[0],
            notes: cell(cells, notesColumn),
          }),
        number,
      )
    }
  })
}

export const bitwardenCsvFormat: FormatReader = {
  detect: (sample) => sample.csvHeader !== null && looksLikeBitwardenCsv(sample.csvHeader),
  read: (bytes) => readBitwardenCsv(bytes),
}
