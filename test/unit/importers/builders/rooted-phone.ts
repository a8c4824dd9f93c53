import { createCipheriv, pbkdf2Sync, randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { configure, Uint8ArrayReader, Uint8ArrayWriter, ZipWriter } from '@zip.js/zip.js'
import Database from 'better-sqlite3'
import CipherDatabase from 'better-sqlite3-multiple-ciphers'

// Files of the rooted-phone formats (Google Authenticator's, Microsoft Authenticator's and
// Stratum's databases, Authy's token file) and of Authenticator Plus and LastPass Authenticator,
// built with the apps' own schemas so the tests control every field and can damage any byte.

configure({ useWebWorkers: false })

type Value = string | number | bigint | Buffer | null

/** An SQLite database (as the file's bytes) from its schema and rows. */
export function sqliteFile(schema: string[], rows: Record<string, Record<string, Value>[]> = {}): Buffer {
  const db = new Database(':memory:')
  try {
    for (const statement of schema) db.exec(statement)
    insertRows(db, rows)
    return db.serialize()
  } finally {
    db.close()
  }
}

function insertRows(
  db: { prepare(sql: string): { run(...values: unknown[]): unknown } },
  rows: Record<string, Record<string, Value>[]>,
): void {
  for (const [table, list] of Object.entries(rows)) {
    for (const row of list) {
      const columns = Object.keys(row)
      db.prepare(
        `INSERT INTO "${table}" (${columns.map((column) => `"${column}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
      ).run(...columns.map((column) => row[column]))
    }
  }
}

/** Marks a database file as WAL mode (bytes 18–19 = 2), as Android apps leave theirs. */
export function asWalMode(file: Buffer): Buffer {
  const copy = Buffer.from(file)
  copy[18] = 2
  copy[19] = 2
  return copy
}

// ---- Google Authenticator ------------------------------------------------------------------------

export const GOOGLE_SCHEMA = [
  'CREATE TABLE android_metadata (locale TEXT)',
  'CREATE TABLE accounts (_id INTEGER PRIMARY KEY, email TEXT NOT NULL, secret TEXT NOT NULL, counter INTEGER DEFAULT 0, type INTEGER, provider INTEGER DEFAULT 0, issuer TEXT DEFAULT NULL, original_name TEXT DEFAULT NULL)',
]

export interface GoogleAccount {
  email: string
  secret: string
  type?: number
  counter?: number
  issuer?: string | null
}

export function googleAuthenticatorDb(accounts: GoogleAccount[]): Buffer {
  return sqliteFile(GOOGLE_SCHEMA, {
    android_metadata: [{ locale: 'en_US' }],
    accounts: accounts.map((account) => ({
      email: account.email,
      secret: account.secret,
      type: account.type ?? 0,
      counter: account.counter ?? 0,
      issuer: account.issuer ?? null,
      original_name: account.email,
    })),
  })
}

// ---- Microsoft Authenticator ---------------------------------------------------------------------

export const MICROSOFT_SCHEMA = [
  'CREATE TABLE android_metadata (locale TEXT)',
  'CREATE TABLE `accounts` (`_id` INTEGER PRIMARY KEY AUTOINCREMENT, `group_key` TEXT NOT NULL, `name` TEXT NOT NULL, `username` TEXT NOT NULL, `paws_url` TEXT NOT NULL, `oath_secret_key` TEXT NOT NULL, `oath_enabled` INTEGER NOT NULL, `cid` TEXT NOT NULL, `account_type` INTEGER NOT NULL, `ux_position` INTEGER NOT NULL, `encrypted_oath_secret_key` TEXT NOT NULL)',
]

export interface MicrosoftAccount {
  name: string
  username: string
  secret: string
  type?: number
}

export function microsoftAuthenticatorDb(accounts: MicrosoftAccount[]): Buffer {
  return sqliteFile(MICROSOFT_SCHEMA, {
    accounts: accounts.map((account, index) => ({
      group_key: '0'.repeat(32),
      name: account.name,
      username: account.username,
      paws_url: '',
      oath_secret_key: account.secret,
      oath_enabled: 1,
      cid: '',
      account_type: account.type ?? 0,
      ux_position: index + 1,
      encrypted_oath_secret_key: '',
    })),
  })
}

// ---- Authenticator Pro / Stratum -------------------------------------------------------------------

export const STRATUM_SCHEMA = [
  'CREATE TABLE "authenticator" ("type" integer, "icon" varchar, "issuer" varchar(32), "username" varchar(40), "secret" varchar primary key not null, "pin" varchar, "algorithm" integer, "digits" integer, "period" integer, "counter" integer, "ranking" integer)',
  'CREATE TABLE "category" ("id" varchar(8) primary key not null, "name" varchar(32), "ranking" integer)',
  'CREATE TABLE "authenticatorcategory" ("categoryId" varchar, "authenticatorSecret" varchar, "ranking" integer)',
  'CREATE TABLE "customicon" ("id" varchar primary key not null, "data" blob)',
]

export interface StratumAuthenticator {
  type: number
  issuer: string
  username?: string | null
  secret: string
  algorithm?: number
  digits?: number
  period?: number
  counter?: number
}

export function authenticatorProDb(
  authenticators: StratumAuthenticator[],
  categories: { id: string; name: string; ranking: number }[] = [],
  links: { categoryId: string; authenticatorSecret: string }[] = [],
): Buffer {
  return sqliteFile(STRATUM_SCHEMA, {
    authenticator: authenticators.map((auth, index) => ({
      type: auth.type,
      icon: null,
      issuer: auth.issuer,
      username: auth.username ?? null,
      secret: auth.secret,
      pin: null,
      algorithm: auth.algorithm ?? 0,
      digits: auth.digits ?? 6,
      period: auth.period ?? 30,
      counter: auth.counter ?? 0,
      ranking: index,
    })),
    category: categories,
    authenticatorcategory: links.map((link, ranking) => ({ ...link, ranking })),
  })
}

// ---- Authy ---------------------------------------------------------------------------------------

export const AUTHY_AUTHENTICATOR_KEY = 'com.authy.storage.tokens.authenticator.key'
export const AUTHY_TOKENS_KEY = 'com.authy.storage.tokens.authy.key'

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

/** Authy's token file: one int setting and the token list as JSON text in one string setting. */
export function authyXml(tokens: unknown[], key = AUTHY_AUTHENTICATOR_KEY): Buffer {
  return Buffer.from(
    `<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<map>\n    <int name="key_version" value="121" />\n    <string name="${key}">${escapeXml(JSON.stringify(tokens))}</string>\n</map>\n`,
    'utf8',
  )
}

export interface AuthyToken {
  name: string
  secret: string
  digits?: number
  originalName?: string
  originalIssuer?: string
  accountType?: string
}

export function authyPlainToken(token: AuthyToken): Record<string, unknown> {
  return {
    accountType: token.accountType ?? 'authenticator',
    decryptedSecret: token.secret,
    digits: token.digits ?? 6,
    logo: token.originalIssuer ?? '',
    ...(token.originalIssuer === undefined ? {} : { originalIssuer: token.originalIssuer }),
    ...(token.originalName === undefined ? {} : { originalName: token.originalName }),
    timestamp: 1608374963,
    upload_state: 'notUploaded',
    hidden: false,
    id: String(1608374963 + Math.floor(Math.random() * 1000)),
    isNew: false,
    name: token.name,
  }
}

/** PBKDF2-HMAC-SHA1 (salt text's UTF-8, 1000 iterations, 32 bytes), AES-256-CBC with a zero IV, Base64. */
export function authyEncryptSecret(secret: string, password: string, salt: string): string {
  const key = pbkdf2Sync(Buffer.from(password, 'utf8'), Buffer.from(salt, 'utf8'), 1000, 32, 'sha1')
  const cipher = createCipheriv('aes-256-cbc', key, Buffer.alloc(16))
  return Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]).toString('base64')
}

export function authyEncryptedToken(token: AuthyToken, password: string): Record<string, unknown> {
  const { decryptedSecret: _secret, ...rest } = authyPlainToken(token)
  const salt = randomBytes(24).toString('base64')
  return {
    ...rest,
    encryptedSecret: authyEncryptSecret(token.secret, password, salt),
    salt,
    upload_state: 'uploaded',
  }
}

// ---- Authenticator Plus --------------------------------------------------------------------------

export const AUTHENTICATOR_PLUS_SCHEMA = [
  "CREATE TABLE accounts (_id INTEGER PRIMARY KEY, position INTEGER, email TEXT NOT NULL, secret TEXT NOT NULL, counter INTEGER DEFAULT 0, type INTEGER, provider INTEGER DEFAULT 0, timestamp TEXT NOT NULL, uid TEXT NOT NULL, issuer TEXT, original_name TEXT, category TEXT NOT NULL DEFAULT 'All Accounts')",
  'CREATE TABLE metadata (_id INTEGER PRIMARY KEY, timestamp TEXT NOT NULL)',
  'CREATE TABLE deleted (uid TEXT NOT NULL, timestamp TEXT NOT NULL)',
  'CREATE TABLE category (name TEXT NOT NULL, _id INTEGER PRIMARY KEY, position INTEGER DEFAULT 0, timestamp TEXT NOT NULL)',
]

export interface AuthenticatorPlusAccount extends GoogleAccount {
  category?: string
}

function authenticatorPlusRows(
  accounts: AuthenticatorPlusAccount[],
): Record<string, Record<string, Value>[]> {
  const categories = [...new Set(accounts.map((account) => account.category ?? 'All Accounts'))]
  return {
    accounts: accounts.map((account, index) => ({
      position: index,
      email: account.email,
      secret: account.secret,
      counter: account.counter ?? 0,
      type: account.type ?? 0,
      timestamp: '2020-12-21 11:40:00',
      uid: `uid-${index}`,
      issuer: account.issuer ?? null,
      original_name: account.email,
      category: account.category ?? 'All Accounts',
    })),
    category: categories.map((name, position) => ({ name, position, timestamp: '2020-12-21 11:40:00' })),
  }
}

/** The backup database as the app writes it: SQLCipher 3 defaults, keyed by the master password. */
export function authenticatorPlusDb(accounts: AuthenticatorPlusAccount[], password: string): Buffer {
  const folder = mkdtempSync(join(tmpdir(), 'twofold-test-authplus-'))
  try {
    const path = join(folder, 'authplus.db')
    const db = new CipherDatabase(path)
    try {
      db.pragma("cipher = 'sqlcipher'")
      db.pragma('legacy = 3')
      db.key(Buffer.from(password, 'utf8'))
      for (const statement of AUTHENTICATOR_PLUS_SCHEMA) db.exec(statement)
      insertRows(db, authenticatorPlusRows(accounts))
    } finally {
      db.close()
    }
    return readFileSync(path)
  } finally {
    rmSync(folder, { recursive: true, force: true })
  }
}

/** The same database without encryption (as sqlcipher_export leaves it). */
export function authenticatorPlusPlainDb(accounts: AuthenticatorPlusAccount[]): Buffer {
  return sqliteFile(AUTHENTICATOR_PLUS_SCHEMA, authenticatorPlusRows(accounts))
}

/** A zip (WinZip AES when given a password, as Authenticator Plus's export is). */
export async function zipWith(
  files: Record<string, string | Uint8Array>,
  password?: string,
): Promise<Buffer> {
  const writer = new ZipWriter(
    new Uint8ArrayWriter(),
    password === undefined ? {} : { password, encryptionStrength: 3 },
  )
  for (const [name, content] of Object.entries(files)) {
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content
    await writer.add(name, new Uint8ArrayReader(bytes))
  }
  return Buffer.from(await writer.close())
}

// ---- LastPass Authenticator ----------------------------------------------------------------------

export interface LastPassAccount {
  issuerName: string
  userName: string
  secret: string
  timeStep?: number
  digits?: number
  algorithm?: string
  folderId?: number
}

export function lastPassExport(
  accounts: LastPassAccount[],
  folders: { id: number; name: string }[] = [],
  version = 3,
): Buffer {
  return Buffer.from(
    JSON.stringify({
      deviceId: 'device',
      deviceSecret: '',
      localDeviceId: 'local',
      deviceName: 'Pixel',
      version,
      accounts: accounts.map((account, index) => ({
        accountID: `${account.issuerName}${index}`,
        issuerName: account.issuerName,
        originalIssuerName: account.issuerName,
        userName: account.userName,
        originalUserName: account.userName,
        pushNotification: false,
        secret: account.secret,
        timeStep: account.timeStep ?? 30,
        digits: account.digits ?? 6,
        creationTimestamp: 1700000000000,
        isFavorite: false,
        algorithm: account.algorithm ?? 'SHA1',
        folderData: { folderId: account.folderId ?? 0, position: index },
      })),
      folders,
    }),
    'utf8',
  )
}
