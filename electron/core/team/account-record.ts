import type Database from 'better-sqlite3'
import { z } from 'zod'
import { conflictFieldSchema } from '../../../shared/domain/team-conflict-view.ts'
import { otpAlgorithmSchema, otpTypeSchema } from '../../../shared/domain/accounts.ts'
import { platformIdSchema } from '../../../shared/domain/platforms.ts'
import type { AuditLog } from '../audit/audit-log.ts'
import { readAccounts } from '../accounts/account-rows.ts'
import {
  openAuthenticator,
  readSealedAuthenticator,
  writeAuthenticator,
} from '../accounts/authenticator-rows.ts'
import type { OtpParameters } from '../engine/otp-parameters.ts'
import { TwofoldError } from '../errors.ts'
import { cachedStatement } from '../store/statement-cache.ts'
import type { KeyAccess } from '../vault/key-access.ts'
import { fromBase64url, toBase64url } from './crypto/base64url.ts'

/**
 * One team account as it travels sealed: every field a person sees or a code needs, flat so a merge
 * can take each field from whichever side changed it. The secret rides as base64url inside the seal.
 */
const phoneSchema = z
  .strictObject({ number: z.string().max(32), verifiedAt: z.string().nullable() })
  .nullable()

export const accountRecordSchema = z.strictObject({
  v: z.literal(1),
  platform: platformIdSchema,
  handle: z.string().min(1).max(500),
  displayName: z.string().max(500),
  issuer: z.string().max(500),
  label: z.string().max(500),
  notes: z.string().max(20_000),
  tags: z.array(z.string().max(100)).max(100),
  secret: z
    .strictObject({
      kind: otpTypeSchema,
      secret: z.string().max(2_000),
      algorithm: otpAlgorithmSchema,
      digits: z.number().int().min(4).max(10),
      period: z.number().int().min(1).max(86_400),
      counter: z.number().int().min(0),
      verifiedAt: z.string().nullable(),
    })
    .nullable(),
  sms: phoneSchema,
  whatsapp: phoneSchema,
})
export type AccountRecord = z.infer<typeof accountRecordSchema>
/**
 * The fields a three-way merge takes one by one: the same list a conflict's choice names (the shared
 * domain owns it, so the window's schema and the merge cannot drift apart).
 */
export const RECORD_FIELDS = conflictFieldSchema.options satisfies readonly (keyof AccountRecord)[]

export function encodeRecord(record: AccountRecord): Buffer {
  return Buffer.from(JSON.stringify(record), 'utf8')
}

/** A record's plaintext, checked: a device that wrote something else is refused, not obeyed. */
export function decodeRecord(plaintext: Uint8Array): AccountRecord {
  let value: unknown
  try {
    value = JSON.parse(Buffer.from(plaintext).toString('utf8'))
  } catch {
    value = undefined
  }
  const parsed = accountRecordSchema.safeParse(value)
  if (!parsed.success)
    throw new TwofoldError('invalid-request', 'A team record is not an account Twofold can read.')
  return parsed.data
}

export function sameValue(left: unknown, right: unknown): boolean {
  return JSON.stringify(left) === JSON.stringify(right)
}

/** The local account as a record (its secret opened): what this device would send. */
export function readLocalRecord(db: Database.Database, keys: KeyAccess, accountId: string): AccountRecord {
  const [account] = readAccounts(db, { ids: [accountId], includeDeleted: true })
  if (!account) throw new TwofoldError('account-not-found', 'That account is not in the vault.')
  const sealed = readSealedAuthenticator(db, accountId)
  let secret: AccountRecord['secret'] = null
  if (sealed) {
    const opened = openAuthenticator(keys, sealed)
    try {
      const { params } = opened
      secret = {
        kind: params.type,
        secret: toBase64url(opened.secret),
        algorithm: params.algorithm,
        digits: params.digits,
        period: params.type === 'hotp' ? 30 : params.period,
        counter: opened.counter,
        verifiedAt: account.methods.authenticator?.verifiedAt ?? null,
      }
    } finally {
      opened.secret.fill(0)
    }
  }
  const phone = (method: { phone: string; verifiedAt: string | null } | null) =>
    method ? { number: method.phone, verifiedAt: method.verifiedAt } : null
  return {
    v: 1,
    platform: account.platform,
    handle: account.handle,
    displayName: account.displayName,
    issuer: account.issuer,
    label: account.label,
    notes: account.notes,
    tags: account.tags,
    secret,
    sms: phone(account.methods.sms),
    whatsapp: phone(account.methods.whatsapp),
  }
}

/** Whether the local account is in the trash (a deletion the team has not heard of yet, or has). */
export function isLocallyDeleted(db: Database.Database, accountId: string): boolean {
  const row = cachedStatement(db, 'SELECT deleted_at FROM accounts WHERE id = ?').get(accountId) as
    { deleted_at: string | null } | undefined
  return row !== undefined && row.deleted_at !== null
}

/**
 * Writes a record into the local account of the same id, creating it if this device has not seen it:
 * the account id is the same on every device. Call inside the sync's transaction.
 */
export function writeLocalRecord(
  db: Database.Database,
  keys: KeyAccess,
  audit: AuditLog,
  target: { accountId: string; clientId: string; deleted: boolean; at: string },
  record: AccountRecord,
): void {
  const { accountId, at } = target
  const local = cachedStatement(db, 'SELECT client_id FROM accounts WHERE id = ?').get(accountId) as
    { client_id: string | null } | undefined
  const existed = local !== undefined
  // A record that changed on the server's side only (re-sealed under a rotated key, say) leaves the
  // local rows as they are: a rewrite would tell every window and the automatic backup of a change
  // that is not there, and would restart a trashed account's time in the trash.
  if (
    existed &&
    local.client_id === target.clientId &&
    isLocallyDeleted(db, accountId) === target.deleted &&
    sameValue(readLocalRecord(db, keys, accountId), record)
  )
    return
  cachedStatement(
    db,
    `INSERT INTO accounts (id, platform, handle, display_name, issuer, label, client_id, notes, tags, created_at, updated_at, deleted_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET platform = excluded.platform, handle = excluded.handle,
         display_name = excluded.display_name, issuer = excluded.issuer, label = excluded.label,
         client_id = excluded.client_id, notes = excluded.notes, tags = excluded.tags,
         updated_at = excluded.updated_at, deleted_at = excluded.deleted_at`,
  ).run(
    accountId,
    record.platform,
    record.handle,
    record.displayName,
    record.issuer,
    record.label,
    target.clientId,
    record.notes,
    JSON.stringify(record.tags),
    at,
    at,
    target.deleted ? at : null,
  )
  if (record.secret) {
    const secret = fromBase64url(record.secret.secret, 'authenticator secret')
    try {
      writeAuthenticator(
        db,
        keys,
        accountId,
        {
          secret,
          params: otpParameters(record.secret),
          counter: record.secret.counter,
          verifiedAt: record.secret.verifiedAt,
        },
        at,
      )
    } finally {
      secret.fill(0)
    }
  } else {
    cachedStatement(db, 'DELETE FROM authenticators WHERE account_id = ?').run(accountId)
  }
  for (const kind of ['sms', 'whatsapp'] as const) {
    const phone = record[kind]
    if (!phone) {
      cachedStatement(db, 'DELETE FROM phone_methods WHERE account_id = ? AND kind = ?').run(accountId, kind)
      continue
    }
    cachedStatement(
      db,
      `INSERT INTO phone_methods (account_id, kind, enabled, phone, verified_at, added_at) VALUES (?, ?, 1, ?, ?, ?)
         ON CONFLICT (account_id, kind) DO UPDATE SET phone = excluded.phone, enabled = 1, verified_at = excluded.verified_at`,
    ).run(accountId, kind, phone.number, phone.verifiedAt, at)
  }
  audit.append(
    target.deleted ? 'account.deleted' : existed ? 'account.changed' : 'account.added',
    accountId,
    'from team sync',
  )
}

export function otpParameters(secret: NonNullable<AccountRecord['secret']>): OtpParameters {
  switch (secret.kind) {
    case 'hotp':
      return { type: 'hotp', algorithm: secret.algorithm, digits: secret.digits }
    case 'steam':
      return { type: 'steam', algorithm: 'SHA1', digits: 5, period: 30 }
    default:
      return { type: 'totp', algorithm: secret.algorithm, digits: secret.digits, period: secret.period }
  }
}
