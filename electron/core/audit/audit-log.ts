import type Database from 'better-sqlite3'
import { userInfo } from 'node:os'
import { z } from 'zod'
import { appendChained, verifyAuditChain, type AuditChainVerification } from './audit-chain.ts'

export const auditActions = [
  'vault.unlocked',
  'vault.locked',
  'code.copied',
  'backup-code.used',
  'backup-code.copied',
  'backup-codes.set',
  'backup-codes.revealed',
  'account.added',
  'account.changed',
  'account.deleted',
  'account.restored',
  'client.added',
  'import',
  'export',
] as const
export const auditActionSchema = z.enum(auditActions)
export type AuditAction = z.infer<typeof auditActionSchema>

export interface AuditEntry {
  id: number
  at: string
  actor: string
  action: AuditAction
  accountId: string | null
  detail: string
}

/** The OS user name: on a shared agency machine, who did it matters as much as what. */
export function currentActor(): string {
  try {
    return userInfo().username || 'unknown'
  } catch {
    return 'unknown'
  }
}

/**
 * Append-only history. The database refuses updates and deletes (triggers in migration 002), so this
 * module can only add; and each row is chained by HMAC to the one before (audit-chain.ts), so an edit
 * made around those triggers is found by `verify`. Details name what happened, never a secret or a
 * code.
 */
export class AuditLog {
  readonly #db: Database.Database
  readonly #actor: string
  readonly #now: () => number
  readonly #chainKey: () => Buffer

  constructor(db: Database.Database, actor: string, now: () => number, chainKey: () => Buffer) {
    this.#db = db
    this.#actor = actor
    this.#now = now
    this.#chainKey = chainKey
  }

  append(action: AuditAction, accountId: string | null = null, detail = ''): void {
    appendChained(this.#db, this.#chainKey(), {
      at: new Date(this.#now()).toISOString(),
      actor: this.#actor,
      action,
      account_id: accountId,
      detail,
    })
  }

  /** Whether every entry is still the one written, none removed: see audit-chain.ts. */
  verify(): AuditChainVerification {
    return verifyAuditChain(this.#db, this.#chainKey())
  }

  list(filter: { limit?: number; accountId?: string; action?: AuditAction } = {}): AuditEntry[] {
    const where: string[] = []
    const params: unknown[] = []
    if (filter.accountId) {
      where.push('account_id = ?')
      params.push(filter.accountId)
    }
    if (filter.action) {
      where.push('action = ?')
      params.push(filter.action)
    }
    params.push(Math.max(1, Math.min(filter.limit ?? 100, 10_000)))
    const rows = this.#db
      .prepare(
        `SELECT id, at, actor, action, account_id, detail FROM audit_log
         ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`,
      )
      .all(...params) as {
      id: number
      at: string
      actor: string
      action: AuditAction
      account_id: string | null
      detail: string
    }[]
    return rows.map((row) => ({
      id: row.id,
      at: row.at,
      actor: row.actor,
      action: row.action,
      accountId: row.account_id,
      detail: row.detail,
    }))
  }
}
