import { otpEntry } from '../build-entry.ts'
import { collectEntries, type CollectedEntries } from '../entry-collector.ts'
import { hasColumns, integerOf, sqliteTablesOf, textOf, withAppDatabase, type Row } from '../app-database.ts'
import { unsupportedFormat } from '../import-errors.ts'
import { decodeBase64 } from '../import-text.ts'
import type { FormatReader } from '../format-reader.ts'
import { TwofoldError } from '../../errors.ts'

// Microsoft Authenticator's own database, copied off a rooted phone from
// /data/data/com.azure.authenticator/databases/PhoneFactor. Table `accounts`: `name` (the issuer),
// `username`, `oath_secret_key`, `account_type`. Type 0 is an ordinary TOTP account (Base32 secret);
// type 1 a personal Microsoft account, whose secret is Base64 and whose codes have 8 digits — the
// reading Aegis's importer uses. Microsoft's app stores no algorithm or period: SHA1 and 30 s.
// Other types (work or school accounts) sign in by notification; they are listed as failed, with
// the reason, rather than skipped without a word.

const KIND = 'Microsoft Authenticator database'

const TYPE_TOTP = 0
const TYPE_MICROSOFT = 1

export function looksLikeMicrosoftAuthenticatorTables(
  tables: ReadonlyMap<string, ReadonlySet<string>> | null,
): boolean {
  return hasColumns(tables, 'accounts', ['name', 'username', 'oath_secret_key', 'account_type'])
}

export function readMicrosoftAuthenticatorDatabase(bytes: Uint8Array): CollectedEntries {
  return withAppDatabase(bytes, KIND, (db) => {
    if (!looksLikeMicrosoftAuthenticatorTables(db.tables)) {
      throw unsupportedFormat(`This ${KIND} does not have Microsoft Authenticator's accounts table.`)
    }
    const rows = db.rows('accounts', ['name', 'username', 'oath_secret_key', 'account_type'], 'ux_position')
    return collectEntries((collector) => {
      for (const row of rows) collector.add(rowName(row), () => rowEntry(row))
    })
  })
}

function rowName(row: Row): string {
  return [row.name, row.username].filter((part) => typeof part === 'string' && part !== '').join(': ')
}

function rowEntry(row: Row): ReturnType<typeof otpEntry> {
  const type = integerOf(row, 'account_type', 'its account type')
  const secret = textOf(row, 'oath_secret_key', 'its secret') ?? ''
  const text = {
    issuer: textOf(row, 'name', 'its name'),
    accountName: textOf(row, 'username', 'its username'),
  }
  if (type === TYPE_TOTP) return otpEntry(text, { kind: 'totp' }, { base32: secret })
  if (type === TYPE_MICROSOFT) {
    if (secret.trim() === '') throw noCodeSecret()
    const bytes = decodeBase64(secret, 'Its secret')
    try {
      return otpEntry(text, { kind: 'totp', digits: 8 }, { bytes })
    } finally {
      bytes.fill(0)
    }
  }
  throw noCodeSecret()
}

function noCodeSecret(): TwofoldError {
  return new TwofoldError(
    'unsupported-otp-type',
    'this Microsoft work or school account approves sign-ins by notification and has no code secret to import',
    { field: 'type' },
  )
}

export const microsoftAuthenticatorDbFormat: FormatReader = {
  detect: (sample) => looksLikeMicrosoftAuthenticatorTables(sqliteTablesOf(sample)),
  read: (bytes) => readMicrosoftAuthenticatorDatabase(bytes),
}
