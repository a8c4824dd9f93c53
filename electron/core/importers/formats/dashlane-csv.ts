import { collectEntries, type CollectedEntries } from '../entry-collector.ts'
import type { FormatReader } from '../format-reader.ts'
import { readCsvTable } from '../import-csv.ts'
import { unreadable } from '../import-errors.ts'
import { requireText } from '../import-text.ts'
import { entryFromPasswordManagerTotp, firstText } from './password-manager-item.ts'

// Dashlane's `credentials.csv` (one of the CSV files of its export): `username,username2,username3,
// title,password,note,url,category,otpSecret`; newer exports name the last column `otpUrl`. The OTP
// column holds an otpauth:// link or a bare Base32 secret. `title` is the site's name, the first
// non-empty username the account name, `category` the client, `note` the note. Rows without an OTP
// are ordinary logins and are skipped; `password` is never read. Detected by the header: `title`,
// `username` and an `otpSecret`/`otpUrl` column are Dashlane's alone among the formats here (the
// agency spreadsheet needs a handle or link column, Bitwarden's CSV `login_totp`).

const KIND = 'Dashlane CSV export'
const OTP_COLUMNS = ['otpurl', 'otpsecret'] as const

function columnsOf(header: readonly string[]): (name: string) => number {
  const lower = header.map((name) => name.trim().toLowerCase())
  return (name) => lower.indexOf(name)
}

export function looksLikeDashlaneCsv(header: readonly string[]): boolean {
  const column = columnsOf(header)
  return (
    column('title') !== -1 && column('username') !== -1 && OTP_COLUMNS.some((name) => column(name) !== -1)
  )
}

export function readDashlaneCsv(bytes: Uint8Array): CollectedEntries {
  const table = readCsvTable(requireText(bytes, KIND))
  if (!looksLikeDashlaneCsv(table.header)) {
    throw unreadable(`This ${KIND} has no otpSecret or otpUrl column.`)
  }
  const column = columnsOf(table.header)
  const cell = (cells: readonly string[], name: string): string | undefined => {
    const index = column(name)
    return index === -1 ? undefined : cells[index]
  }
  return collectEntries((collector) => {
    for (const { number, cells } of table.rows) {
      // Both columns may exist in one file; the link says more than the secret, so it wins.
      const otp = firstText(...OTP_COLUMNS.map((name) => cell(cells, name)))
      if (otp === undefined) continue
      const title = cell(cells, 'title')
      collector.add(
        title ?? '',
        () =>
          entryFromPasswordManagerTotp(otp, {
            title,
            username: firstText(cell(cells, 'username'), cell(cells, 'username2'), cell(cells, 'username3')),
            url: cell(cells, 'url'),
            group: cell(cells, 'category'),
            note: cell(cells, 'note'),
          }),
        number,
      )
    }
  })
}

export const dashlaneCsvFormat: FormatReader = {
  detect: (sample) => sample.csvHeader !== null && looksLikeDashlaneCsv(sample.csvHeader),
  read: (bytes) => readDashlaneCsv(bytes),
}
