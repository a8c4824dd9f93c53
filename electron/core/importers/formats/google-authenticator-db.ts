import { otpEntry, unsupportedKind, type EntryText, type OtpKind } from '../build-entry.ts'
import { collectEntries, type CollectedEntries } from '../entry-collector.ts'
import { hasColumns, integerOf, sqliteTablesOf, textOf, withAppDatabase, type Row } from '../app-database.ts'
import type { FormatReader } from '../format-reader.ts'

// Google Authenticator's own database, copied off a rooted phone from
// /data/data/com.google.android.apps.authenticator2/databases/databases. Table `accounts`: `email`
// (the account's label, often "Issuer:name"), `secret` (Base32), `type` (0 TOTP, 1 HOTP),
// `counter`, `issuer`. Google's app fixes everything else, so SHA1, 6 digits and 30 seconds are not a
// guess: it cannot store anything else. Authenticator Plus's backup database is a descendant of
// this one and is read with the same rules (authenticator-plus.ts).

const KIND = 'Google Authenticator database'

export const GOOGLE_ACCOUNT_COLUMNS = [
  'email',
  'secret',
  'type',
  'counter',
  'issuer',
  'original_name',
] as const

export function looksLikeGoogleAuthenticatorTables(
  tables: ReadonlyMap<string, ReadonlySet<string>> | null,
): boolean {
  // Microsoft's and Authenticator Plus's tables are also called `accounts`: theirs carry
  // `oath_secret_key` and `uid`, which Google's never had.
  return (
    hasColumns(tables, 'accounts', ['email', 'secret', 'type']) &&
    !hasColumns(tables, 'accounts', ['oath_secret_key']) &&
    !hasColumns(tables, 'accounts', ['uid'])
  )
}

export function readGoogleAuthenticatorDatabase(bytes: Uint8Array): CollectedEntries {
  return withAppDatabase(bytes, KIND, (db) => {
    const rows = db.rows('accounts', GOOGLE_ACCOUNT_COLUMNS, '_id')
    return collectEntries((collector) => {
      for (const row of rows) collector.add(googleRowName(row), () => googleRowEntry(row))
    })
  })
}

/** What the failure list calls a row: its label (never its secret). */
export function googleRowName(row: Row): string {
  const email = row.email
  return typeof email === 'string' ? email : ''
}

/**
 * One row of Google's `accounts` layout. `group` is Authenticator Plus's category, when it has one.
 */
export function googleRowEntry(row: Row, group?: string): ReturnType<typeof otpEntry> {
  const type = integerOf(row, 'type', 'its type') ?? 0
  const kind = googleKind(type)
  const secret = textOf(row, 'secret', 'its secret') ?? ''
  return otpEntry(
    { ...splitLabel(textOf(row, 'email', 'its name') ?? '', textOf(row, 'issuer', 'its issuer')), group },
    { kind, counter: kind === 'hotp' ? (integerOf(row, 'counter', 'its counter') ?? 0) : undefined },
    { base32: secret },
  )
}

function googleKind(type: number): OtpKind {
  if (type === 0) return 'totp'
  if (type === 1) return 'hotp'
  throw unsupportedKind(`Type ${type}`)
}

/**
 * Google stores the label as scanned: "Issuer:name" when the link had a prefix. One colon splits it
 * (as Aegis does); the prefix is the issuer when the issuer column is empty, and dropped when it
 * repeats the issuer. A label with no colon, or several, is the name as it stands.
 */
export function splitLabel(label: string, issuer: string | undefined): EntryText {
  const parts = label.split(':')
  if (parts.length !== 2) return { issuer, accountName: label }
  const [prefix = '', name = ''] = parts
  const known = issuer !== undefined && issuer.trim() !== '' ? issuer : prefix
  return { issuer: known, accountName: name.trim() }
}

export const googleAuthenticatorDbFormat: FormatReader = {
  detect: (sample) => looksLikeGoogleAuthenticatorTables(sqliteTablesOf(sample)),
  read: (bytes) => readGoogleAuthenticatorDatabase(bytes),
}
