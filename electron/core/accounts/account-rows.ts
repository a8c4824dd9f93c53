import type Database from 'better-sqlite3'
import type { AccountSummary } from '../../../shared/domain/accounts.ts'
import type { PlatformId } from '../../../shared/domain/platforms.ts'
import { cachedStatement } from '../store/statement-cache.ts'

/**
 * Reads accounts as the windows and the CLI see them — everything but secrets — in four queries
 * whatever the number of accounts, so a 10,000-account vault lists in one pass.
 */
interface AccountRow {
  id: string
  platform: PlatformId
  handle: string
  display_name: string
  issuer: string
  label: string
  client_id: string | null
  client_name: string | null
  notes: string
  tags: string
  created_at: string
  updated_at: string
}
interface AuthenticatorRow {
  account_id: string
  enabled: number
  type: 'totp' | 'hotp' | 'steam'
  algorithm: 'SHA1' | 'SHA256' | 'SHA512'
  digits: number
  period: number
  verified_at: string | null
  added_at: string
  fingerprint: string
}
interface PhoneRow {
  account_id: string
  kind: 'sms' | 'whatsapp'
  enabled: number
  phone: string
  verified_at: string | null
  added_at: string
}
interface BackupRow {
  account_id: string
  added_at: string
  total: number
  unused: number
  previous_replaced_at: string | null
}

/**
 * The audit entries that are uses of an account: "last used" is the latest of them. Written exactly as
 * the partial index of migration 005 is, so SQLite answers from that index and not the whole log.
 */
const COPIED_CODES = "action = 'code.copied' AND account_id IS NOT NULL"

export interface AccountWithFingerprint extends AccountSummary {
  secretFingerprint: string | null
}

export function readAccounts(
  db: Database.Database,
  filter: { ids?: readonly string[]; includeDeleted?: boolean } = {},
): AccountWithFingerprint[] {
  const where: string[] = [filter.includeDeleted ? '1 = 1' : 'a.deleted_at IS NULL']
  const params: string[] = []
  if (filter.ids) {
    if (filter.ids.length === 0) return []
    where.push(`a.id IN (SELECT value FROM json_each(?))`)
    params.push(JSON.stringify(filter.ids))
  }
  const idFilter = filter.ids ? 'AND account_id IN (SELECT value FROM json_each(?))' : ''
  // Compiled once per connection: reading one account (after every change) was mostly compiling.
  const prepare = (sql: string) => cachedStatement(db, sql)
  const accounts = prepare(
    `SELECT a.id, a.platform, a.handle, a.display_name, a.issuer, a.label, a.client_id, c.name AS client_name,
              a.notes, a.tags, a.created_at, a.updated_at
         FROM accounts a LEFT JOIN clients c ON c.id = a.client_id
        WHERE ${where.join(' AND ')}
        ORDER BY lower(a.handle), a.platform, a.id`,
  ).all(...params) as AccountRow[]
  const authenticators = new Map(
    (
      prepare(
        `SELECT account_id, enabled, type, algorithm, digits, period, verified_at, added_at,
                  hex(secret_fingerprint) AS fingerprint
             FROM authenticators WHERE 1 = 1 ${idFilter}`,
      ).all(...params) as AuthenticatorRow[]
    ).map((row) => [row.account_id, row]),
  )
  const phones = new Map<string, { sms?: PhoneRow; whatsapp?: PhoneRow }>()
  for (const row of prepare(
    `SELECT account_id, kind, enabled, phone, verified_at, added_at FROM phone_methods WHERE 1 = 1 ${idFilter}`,
  ).all(...params) as PhoneRow[]) {
    const entry = phones.get(row.account_id) ?? {}
    entry[row.kind] = row
    phones.set(row.account_id, entry)
  }
  // The replaced sets are grouped once, not looked up per current set: backup_code_sets has no index
  // on account_id alone, so a correlated subquery scanned the table once per set (1.2 s at 5,000 sets).
  const backups = new Map(
    (
      prepare(
        `SELECT s.account_id, s.added_at,
                  count(b.id) AS total,
                  sum(CASE WHEN b.used_at IS NULL THEN 1 ELSE 0 END) AS unused,
                  r.replaced_at AS previous_replaced_at
             FROM backup_code_sets s LEFT JOIN backup_codes b ON b.set_id = s.id
             LEFT JOIN (SELECT account_id, max(replaced_at) AS replaced_at FROM backup_code_sets
                         WHERE replaced_at IS NOT NULL ${idFilter} GROUP BY account_id) r
                    ON r.account_id = s.account_id
            WHERE s.replaced_at IS NULL ${idFilter.replace('account_id', 's.account_id')}
            GROUP BY s.id`,
      ).all(...params, ...params) as BackupRow[]
    ).map((row) => [row.account_id, row]),
  )

  // A team account's codes live on the team server (team-backup-codes.ts): its status is the newest set
  // this device has seen, never a local set from before it was shared. One indexed query, whatever the
  // number of accounts.
  const teamSets = new Map(
    (
      prepare(
        `SELECT t.account_id, s.total, s.claimed
             FROM team_accounts t
             LEFT JOIN team_backup_code_sets s ON s.account_id = t.account_id
                  AND s.seq = (SELECT max(seq) FROM team_backup_code_sets WHERE account_id = t.account_id)
            WHERE 1 = 1 ${idFilter.replace('account_id', 't.account_id')}`,
      ).all(...params) as { account_id: string; total: number | null; claimed: number | null }[]
    ).map((row) => [row.account_id, row]),
  )

  const lastUsed = new Map(
    (
      prepare(
        `SELECT account_id, max(at) AS at FROM audit_log WHERE ${COPIED_CODES} ${idFilter} GROUP BY account_id`,
      ).all(...params) as { account_id: string; at: string }[]
    ).map((row) => [row.account_id, row.at]),
  )

  return accounts.map((row) => {
    const authenticator = authenticators.get(row.id)
    const phone = phones.get(row.id)
    const backup = backups.get(row.id)
    const teamSet = teamSets.get(row.id)
    const phoneMethod = (method: PhoneRow | undefined) =>
      method
        ? {
            enabled: method.enabled === 1,
            phone: method.phone,
            verifiedAt: method.verified_at,
            addedAt: method.added_at,
          }
        : null
    return {
      id: row.id,
      platform: row.platform,
      handle: row.handle,
      displayName: row.display_name,
      issuer: row.issuer,
      label: row.label,
      clientId: row.client_id,
      clientName: row.client_name,
      notes: row.notes,
      tags: JSON.parse(row.tags) as string[],
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      lastUsedAt: lastUsed.get(row.id) ?? null,
      methods: {
        authenticator: authenticator
          ? {
              enabled: authenticator.enabled === 1,
              type: authenticator.type,
              algorithm: authenticator.algorithm,
              digits: authenticator.digits,
              period: authenticator.period,
              verifiedAt: authenticator.verified_at,
              addedAt: authenticator.added_at,
            }
          : null,
        sms: phoneMethod(phone?.sms),
        whatsapp: phoneMethod(phone?.whatsapp),
        backupCodes: teamSet
          ? teamBackupCodes(teamSet)
          : backup
            ? {
                total: backup.total,
                unused: backup.unused ?? 0,
                used: backup.total - (backup.unused ?? 0),
                replacedAt: backup.previous_replaced_at,
                addedAt: backup.added_at,
              }
            : null,
      },
      secretFingerprint: authenticator ? authenticator.fingerprint.toLowerCase() : null,
    }
  })
}

function teamBackupCodes(set: {
  total: number | null
  claimed: number | null
}): AccountSummary['methods']['backupCodes'] {
  if (set.total === null || set.claimed === null) return null
  const unused = Math.max(0, set.total - set.claimed)
  return { total: set.total, unused, used: set.total - unused, replacedAt: null, addedAt: null, shared: true }
}

/** What the manager's order needs of an account. */
export interface ListOrderKey {
  id: string
  handle: string
  clientName: string | null
}

/** What the quick popup's order needs of an account. */
export interface QuickPickKey {
  id: string
  handle: string
  lastUsedAt: string | null
}

/**
 * Every account's place in the manager's list, without reading the accounts: a window's first page is
 * chosen from these (a few milliseconds at 10,000 accounts) and only its rows are read whole.
 * `clientId` null is the accounts with no client.
 */
export function readListOrderKeys(db: Database.Database, clientId?: string | null): ListOrderKey[] {
  const byClient =
    clientId === undefined ? '' : clientId === null ? 'AND a.client_id IS NULL' : 'AND a.client_id = ?'
  return cachedStatement(
    db,
    `SELECT a.id, a.handle, c.name AS clientName
       FROM accounts a LEFT JOIN clients c ON c.id = a.client_id
      WHERE a.deleted_at IS NULL ${byClient}`,
  ).all(...(typeof clientId === 'string' ? [clientId] : [])) as ListOrderKey[]
}

/** Every account's place in the quick popup's order (last code copied, handle), without reading them. */
export function readQuickPickKeys(db: Database.Database): QuickPickKey[] {
  return cachedStatement(
    db,
    `SELECT a.id, a.handle, u.at AS lastUsedAt
       FROM accounts a
       LEFT JOIN (SELECT account_id, max(at) AS at FROM audit_log WHERE ${COPIED_CODES} GROUP BY account_id) u
              ON u.account_id = a.id
      WHERE a.deleted_at IS NULL`,
  ).all() as QuickPickKey[]
}

/**
 * A number that changes whenever anything in the vault's file may have: every row this connection
 * wrote (the audit log included, so a copied code counts) and every commit by another connection (the
 * CLI on the same vault). What the core caches about accounts is valid for one revision.
 */
export function vaultRevision(db: Database.Database): string {
  const { changes } = cachedStatement(db, 'SELECT total_changes() AS changes').get() as { changes: number }
  return `${changes}:${String(db.pragma('data_version', { simple: true }))}`
}

/** Drops the store-only field before an account leaves the core. */
export function toSummary(account: AccountWithFingerprint): AccountSummary {
  const { secretFingerprint: _fingerprint, ...summary } = account
  return summary
}
