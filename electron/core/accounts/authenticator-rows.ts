import type Database from 'better-sqlite3'
import { open, seal, type CiphertextPlace } from '../crypto/aead.ts'
import type { OtpParameters } from '../engine/otp-parameters.ts'
import { TwofoldError } from '../errors.ts'
import { cachedStatement } from '../store/statement-cache.ts'
import type { KeyAccess } from '../vault/key-access.ts'
import { secretFingerprint } from '../crypto/secret-fingerprint.ts'

/** An account's authenticator as written: its secret is sealed on the way in. */
export interface AuthenticatorInput {
  secret: Uint8Array
  params: OtpParameters
  /** HOTP only: the counter of the next code the service expects. */
  counter?: number
  verifiedAt?: string | null
}

/** An authenticator row as stored: its secret still sealed under the vault key. */
export interface SealedAuthenticator {
  account_id: string
  type: OtpParameters['type']
  algorithm: 'SHA1' | 'SHA256' | 'SHA512'
  digits: number
  period: number
  counter: number
  secret: Buffer
}

export interface StoredAuthenticator {
  params: OtpParameters
  counter: number
  /** In a buffer of its own: the caller wipes it. */
  secret: Buffer
}

const SEALED_COLUMNS = 'account_id, type, algorithm, digits, period, counter, secret'

/** Each secret is sealed under the vault key with its row as associated data: moved, it opens nothing. */
export function authenticatorPlace(accountId: string): CiphertextPlace {
  return { table: 'authenticators', row: accountId, column: 'secret' }
}

/** Call inside the write's transaction: the key is checked there (KeyAccess.forSealing). */
export function writeAuthenticator(
  db: Database.Database,
  keys: KeyAccess,
  accountId: string,
  input: AuthenticatorInput,
  at: string,
): void {
  const key = keys.forSealing()
  const { params } = input
  cachedStatement(
    db,
    `INSERT INTO authenticators (account_id, enabled, type, algorithm, digits, period, counter, secret, secret_fingerprint, verified_at, added_at)
       VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (account_id) DO UPDATE SET enabled = 1, type = excluded.type, algorithm = excluded.algorithm,
         digits = excluded.digits, period = excluded.period, counter = excluded.counter, secret = excluded.secret,
         secret_fingerprint = excluded.secret_fingerprint, verified_at = excluded.verified_at, added_at = excluded.added_at`,
  ).run(
    accountId,
    params.type,
    params.algorithm,
    params.digits,
    params.type === 'hotp' ? 30 : params.period,
    params.type === 'hotp' ? (input.counter ?? 0) : 0,
    seal(key, authenticatorPlace(accountId), input.secret),
    secretFingerprint(key, input.secret),
    input.verifiedAt ?? null,
    at,
  )
}

export function readSealedAuthenticator(
  db: Database.Database,
  accountId: string,
): SealedAuthenticator | null {
  const row = cachedStatement(
    db,
    `SELECT ${SEALED_COLUMNS} FROM authenticators WHERE account_id = ? AND enabled = 1`,
  ).get(accountId) as SealedAuthenticator | undefined
  return row ?? null
}

export function readSealedAuthenticators(db: Database.Database): Map<string, SealedAuthenticator> {
  const rows = cachedStatement(
    db,
    `SELECT ${SEALED_COLUMNS} FROM authenticators WHERE enabled = 1`,
  ).all() as SealedAuthenticator[]
  return new Map(rows.map((row) => [row.account_id, row]))
}

/** The caller owns (and wipes) the returned secret. */
export function openAuthenticator(keys: KeyAccess, row: SealedAuthenticator): StoredAuthenticator {
  const secret = open(keys.forOpening(), authenticatorPlace(row.account_id), row.secret)
  const params: OtpParameters =
    row.type === 'hotp'
      ? { type: 'hotp', algorithm: row.algorithm, digits: row.digits }
      : row.type === 'steam'
        ? { type: 'steam', algorithm: 'SHA1', digits: 5, period: 30 }
        : { type: 'totp', algorithm: row.algorithm, digits: row.digits, period: row.period }
  return { params, counter: row.counter, secret }
}

export function advanceCounter(db: Database.Database, accountId: string): number {
  const row = cachedStatement(
    db,
    "UPDATE authenticators SET counter = counter + 1 WHERE account_id = ? AND type = 'hotp' RETURNING counter",
  ).get(accountId) as { counter: number } | undefined
  if (!row) throw notHotp()
  return row.counter
}

export function readCounter(db: Database.Database, accountId: string): number {
  const row = cachedStatement(db, 'SELECT counter FROM authenticators WHERE account_id = ?').get(
    accountId,
  ) as { counter: number } | undefined
  return row?.counter ?? 0
}

export function setCounter(db: Database.Database, accountId: string, counter: number): void {
  const result = db
    .prepare("UPDATE authenticators SET counter = ? WHERE account_id = ? AND type = 'hotp'")
    .run(counter, accountId)
  if (!result.changes) throw notHotp()
}

function notHotp(): TwofoldError {
  return new TwofoldError('method-not-allowed', 'Only HOTP accounts have a counter.')
}
