import { otpEntry } from '../build-entry.ts'
import { authenticatorProKind } from './authenticator-pro.ts'
import { collectEntries, type CollectedEntries } from '../entry-collector.ts'
import {
  hasColumns,
  integerOf,
  sqliteTablesOf,
  textOf,
  withAppDatabase,
  type AppDatabase,
  type Row,
} from '../app-database.ts'
import { unreadable } from '../import-errors.ts'
import type { FormatReader } from '../format-reader.ts'

// Authenticator Pro's (now Stratum's) own database, copied off a rooted phone from
// /data/data/com.stratumauth.app/databases/authenticator.db3 (me.jmh.authenticatorpro before the
// rename). The same fields as its JSON backup (authenticator-pro.ts) in tables: `authenticator`
// (type, issuer, username, secret, algorithm, digits, period, counter), `category` (id, name,
// ranking) and `authenticatorcategory` joining them by secret. The app keeps the file in WAL mode;
// the main file is read as it stands (app-database.ts), so changes still waiting in the `-wal` file
// beside it on the phone are not seen.

const KIND = 'Authenticator Pro database'

const ALGORITHMS: Readonly<Record<number, string>> = { 0: 'SHA1', 1: 'SHA256', 2: 'SHA512' }

export function looksLikeAuthenticatorProTables(
  tables: ReadonlyMap<string, ReadonlySet<string>> | null,
): boolean {
  return (
    hasColumns(tables, 'authenticator', ['type', 'issuer', 'secret', 'algorithm', 'digits', 'period']) &&
    tables?.has('authenticatorcategory') === true
  )
}

export function readAuthenticatorProDatabase(bytes: Uint8Array): CollectedEntries {
  return withAppDatabase(bytes, KIND, (db) => {
    const rows = db.rows(
      'authenticator',
      ['type', 'issuer', 'username', 'secret', 'algorithm', 'digits', 'period', 'counter'],
      'ranking',
    )
    const categories = categoriesBySecret(db)
    return collectEntries((collector) => {
      for (const row of rows) collector.add(rowName(row), () => rowEntry(row, categories))
    })
  })
}

/** Category names per authenticator secret, in the categories' own order (the first is the client). */
function categoriesBySecret(db: AppDatabase): Map<string, string[]> {
  const bySecret = new Map<string, string[]>()
  if (!hasColumns(db.tables, 'category', ['id', 'name'])) return bySecret
  if (!hasColumns(db.tables, 'authenticatorcategory', ['categoryid', 'authenticatorsecret'])) return bySecret
  // Ordered by the category's ranking: its place in the list of names is its rank.
  const names = new Map<string, string>()
  for (const category of db.rows('category', ['id', 'name'], 'ranking')) {
    if (typeof category.id === 'string' && typeof category.name === 'string')
      names.set(category.id, category.name)
  }
  const rank = new Map([...names.keys()].map((id, index) => [id, index]))
  const idsBySecret = new Map<string, string[]>()
  for (const link of db.rows('authenticatorcategory', ['categoryId', 'authenticatorSecret'])) {
    const id = link.categoryId
    if (typeof link.authenticatorSecret !== 'string' || typeof id !== 'string' || !names.has(id)) continue
    idsBySecret.set(link.authenticatorSecret, [...(idsBySecret.get(link.authenticatorSecret) ?? []), id])
  }
  for (const [secret, ids] of idsBySecret) {
    const ordered = ids.sort((a, b) => (rank.get(a) ?? 0) - (rank.get(b) ?? 0))
    bySecret.set(
      secret,
      ordered.map((id) => names.get(id) ?? ''),
    )
  }
  return bySecret
}

function rowName(row: Row): string {
  return [row.issuer, row.username].filter((part) => typeof part === 'string' && part !== '').join(': ')
}

function rowEntry(row: Row, categories: ReadonlyMap<string, string[]>): ReturnType<typeof otpEntry> {
  const kind = authenticatorProKind(integerOf(row, 'type', 'its type'))
  const algorithm = ALGORITHMS[integerOf(row, 'algorithm', 'its algorithm') ?? 0]
  if (algorithm === undefined) throw unreadable('its algorithm is not one Authenticator Pro defines')
  const secret = textOf(row, 'secret', 'its secret') ?? ''
  const groups = categories.get(secret) ?? []
  return otpEntry(
    {
      issuer: textOf(row, 'issuer', 'its issuer'),
      accountName: textOf(row, 'username', 'its username'),
      group: groups[0],
      tags: groups.slice(1),
    },
    {
      kind,
      algorithm,
      digits: integerOf(row, 'digits', 'its digits'),
      period: integerOf(row, 'period', 'its period'),
      counter: integerOf(row, 'counter', 'its counter'),
    },
    { base32: secret },
  )
}

export const authenticatorProDbFormat: FormatReader = {
  detect: (sample) => looksLikeAuthenticatorProTables(sqliteTablesOf(sample)),
  read: (bytes) => readAuthenticatorProDatabase(bytes),
}
