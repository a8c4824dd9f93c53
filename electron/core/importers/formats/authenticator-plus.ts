import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import CipherDatabase from 'better-sqlite3-multiple-ciphers'
import { collectEntries, type CollectedEntries } from '../entry-collector.ts'
import {
  appDatabaseOf,
  hasColumns,
  isSqliteError,
  looksLikeSqlite,
  openAppDatabase,
  sqliteTablesOf,
  textOf,
  type AppDatabase,
} from '../app-database.ts'
import { passwordRequired, unreadable, unsupportedFormat, wrongPassword } from '../import-errors.ts'
import { looksLikeZip, readZipFile, zipFiles, zipNamesOfSample } from '../import-zip.ts'
import type { ImportCredentials, FormatReader } from '../format-reader.ts'
import type { ImportSample } from '../import-sample.ts'
import { GOOGLE_ACCOUNT_COLUMNS, googleRowEntry, googleRowName } from './google-authenticator-db.ts'
import { readUriLines } from './uri-lines.ts'

// Authenticator Plus (com.mufri.authenticatorplus, abandoned since 2020) leaves two kinds of file:
//
// - its export, a password-protected zip (WinZip AES) holding `Accounts.txt`: otpauth links, one per
//   line. Read as a link list (uri-lines.ts). The password is the one typed when exporting.
// - its backup, `authplus.db` (`.synced_authplus.db` on the phone's storage): the app's database,
//   a descendant of Google Authenticator's, encrypted with SQLCipher 3 defaults (PBKDF2-HMAC-SHA1
//   with 64,000 iterations, 1024-byte pages, HMAC-SHA1 per page), keyed by the master password. As
//   public extraction scripts and android-otp-extractor describe it; table `accounts` (`email`,
//   `secret`, `counter`, `type`, `issuer`, `original_name`, `category`, …). Also accepted inside a
//   zip, and already decrypted (a plain SQLite file with that table).
//
// SQLCipher can only open a file, so the backup is written into a fresh private folder (0700, file
// 0600), opened read-only and removed in `finally`; what is on disk is the encrypted file as given.
// SQLCipher's key derivation runs inside SQLite on the calling thread (about 50 ms): its iterations
// are fixed by the format, so no file can ask for more. A wrong password and a damaged first page are
// the same failure to SQLCipher: "wrong password, or damaged".

const KIND = 'Authenticator Plus backup'
const ACCOUNTS_FILE = 'accounts.txt'
/** Authenticator Plus's catch-all category: every account is in it, so it is no client. */
const ALL_ACCOUNTS = 'All Accounts'

function baseName(path: string): string {
  return (path.split(/[\\/]/).pop() ?? path).toLowerCase()
}

function isAccountsFile(name: string): boolean {
  return baseName(name) === ACCOUNTS_FILE
}

function isBackupDatabase(name: string): boolean {
  return /authplus\.db$/i.test(baseName(name))
}

export function looksLikeAuthenticatorPlusTables(
  tables: ReadonlyMap<string, ReadonlySet<string>> | null,
): boolean {
  return hasColumns(tables, 'accounts', ['email', 'secret', 'type', 'uid', 'category'])
}

async function looksLikeAuthenticatorPlusZip(sample: ImportSample): Promise<boolean> {
  if (!looksLikeZip(sample.bytes)) return false
  const names = await zipNamesOfSample(sample)
  return names !== null && names.some((name) => isAccountsFile(name) || isBackupDatabase(name))
}

export async function readAuthenticatorPlus(
  bytes: Uint8Array,
  { password }: ImportCredentials,
): Promise<CollectedEntries> {
  if (!looksLikeZip(bytes)) return readBackupDatabase(bytes, password)
  const files = await zipFiles(bytes, KIND)
  const accounts = files.find((file) => isAccountsFile(file.name))
  if (accounts !== undefined) {
    const text = await readZipFile(bytes, accounts.name, KIND, { password })
    try {
      return readUriLines(text, KIND)
    } finally {
      text.fill(0)
    }
  }
  const database = files.find((file) => isBackupDatabase(file.name))
  if (database === undefined) throw unsupportedFormat(`This zip holds neither Accounts.txt nor authplus.db.`)
  const inner = await readZipFile(bytes, database.name, KIND, { password })
  try {
    return readBackupDatabase(inner, password)
  } finally {
    inner.fill(0)
  }
}

function readBackupDatabase(bytes: Uint8Array, password: string | undefined): CollectedEntries {
  if (looksLikeSqlite(bytes)) {
    // Already decrypted (sqlcipher_export, or a copy from DB Browser): no password involved.
    return readAccounts(openAppDatabase(bytes, KIND))
  }
  if (bytes.length < 1024 || bytes.length % 1024 !== 0) {
    throw unreadable(`This ${KIND} is damaged: it is not whole 1024-byte SQLCipher pages.`)
  }
  if (password === undefined || password === '') throw passwordRequired(KIND)
  const folder = mkdtempSync(join(tmpdir(), 'twofold-import-'))
  try {
    const path = join(folder, 'authplus.db')
    writeFileSync(path, bytes, { mode: 0o600, flag: 'wx' })
    return readAccounts(openCipherDatabase(path, password))
  } finally {
    rmSync(folder, { recursive: true, force: true })
  }
}

function openCipherDatabase(path: string, password: string): AppDatabase {
  let db: InstanceType<typeof CipherDatabase>
  try {
    db = new CipherDatabase(path, { readonly: true, fileMustExist: true })
  } catch {
    throw unreadable(`This ${KIND} could not be opened.`)
  }
  const key = Buffer.from(password, 'utf8')
  try {
    // SQLCipher 3's settings, as Authenticator Plus wrote them; the key goes in as bytes, never as SQL.
    db.pragma("cipher = 'sqlcipher'")
    db.pragma('legacy = 3')
    db.key(key)
    // The first read decrypts page 1 and checks its HMAC: the password check SQLCipher has.
    db.prepare('SELECT count(*) FROM sqlite_master').get()
  } catch (error) {
    db.close()
    if (isSqliteError(error) && error.code === 'SQLITE_NOTADB') throw wrongPassword(KIND, true)
    if (isSqliteError(error)) throw unreadable(`This ${KIND} is damaged: SQLite cannot read it.`)
    throw error
  } finally {
    key.fill(0)
  }
  return appDatabaseOf(db, KIND)
}

function readAccounts(db: AppDatabase): CollectedEntries {
  try {
    if (!hasColumns(db.tables, 'accounts', ['email', 'secret'])) {
      throw unsupportedFormat(`This database is not an ${KIND}: it has no accounts table.`)
    }
    const rows = db.rows('accounts', [...GOOGLE_ACCOUNT_COLUMNS, 'category'], 'position')
    return collectEntries((collector) => {
      for (const row of rows) {
        collector.add(googleRowName(row), () => {
          const category = textOf(row, 'category', 'its category')
          return googleRowEntry(row, category === ALL_ACCOUNTS ? undefined : category)
        })
      }
    })
  } finally {
    db.close()
  }
}

export const authenticatorPlusFormat: FormatReader = {
  // SQLCipher derives its key inside SQLite, on the calling thread: read on a bounded worker.
  // A zip may hold authplus.db; a bare file that is not plain SQLite is the SQLCipher backup.
  isolated: (bytes) =>
    looksLikeZip(bytes) || (!looksLikeSqlite(bytes) && bytes.length >= 1024 && bytes.length % 1024 === 0),
  detect: async (sample) =>
    looksLikeAuthenticatorPlusTables(sqliteTablesOf(sample)) || (await looksLikeAuthenticatorPlusZip(sample)),
  // The SQLCipher file is random bytes from its first byte: only its name can say what it is.
  detectByName: (sample) => /authplus\.db$/.test(sample.fileName),
  read: (bytes, credentials) => readAuthenticatorPlus(bytes, credentials),
}
