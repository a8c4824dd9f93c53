import type Database from 'better-sqlite3'
import { randomUUID } from 'node:crypto'
import { open, seal } from '../crypto/aead.ts'
import { TwofoldError } from '../errors.ts'
import type { AuditLog } from '../audit/audit-log.ts'
import type { KeyAccess } from '../vault/key-access.ts'

export interface BackupCodeSetStatus {
  accountId: string
  total: number
  unused: number
  used: number
  replacedAt: string | null
}

export interface RevealedBackupCode {
  position: number
  code: string
  usedAt: string | null
  usedBy: string | null
}

/**
 * Backup codes: "the biggest loophole" of Instagram-style 2FA, so each code is sealed on its own row,
 * handed out one at a time ("use next"), and every use lands in the audit log. A new set replaces the
 * old one, which is kept (sealed) for history, as the platform itself cancels it.
 */
export class BackupCodeStore {
  readonly #db: Database.Database
  readonly #keys: KeyAccess
  readonly #audit: AuditLog
  readonly #actor: string
  readonly #now: () => number

  constructor(db: Database.Database, keys: KeyAccess, audit: AuditLog, actor: string, now: () => number) {
    this.#db = db
    this.#keys = keys
    this.#audit = audit
    this.#actor = actor
    this.#now = now
  }

  /** `codes` already parsed and normalised, in the order the service gave them. */
  replaceSet(accountId: string, codes: readonly string[]): BackupCodeSetStatus {
    if (codes.length === 0) throw new TwofoldError('invalid-request', 'Paste at least one backup code.')
    if (codes.length > 100) throw new TwofoldError('invalid-request', 'A set holds at most 100 backup codes.')
    const at = new Date(this.#now()).toISOString()
    this.#db.transaction(() => {
      const key = this.#keys.forSealing()
      this.#db
        .prepare('UPDATE backup_code_sets SET replaced_at = ? WHERE account_id = ? AND replaced_at IS NULL')
        .run(at, accountId)
      const setId = randomUUID()
      this.#db
        .prepare('INSERT INTO backup_code_sets (id, account_id, added_at) VALUES (?, ?, ?)')
        .run(setId, accountId, at)
      const insert = this.#db.prepare(
        'INSERT INTO backup_codes (id, set_id, position, code) VALUES (?, ?, ?, ?)',
      )
      codes.forEach((code, position) => {
        const id = randomUUID()
        insert.run(id, setId, position, seal(key, backupCodePlace(id), Buffer.from(code, 'utf8')))
      })
      this.#audit.append('backup-codes.set', accountId, `${codes.length} codes`)
    })()
    return this.status(accountId)
  }

  /** A set from a backup, keeping which codes were already used, when and by whom. */
  restoreSet(
    accountId: string,
    codes: readonly { code: string; usedAt: string | null; usedBy: string | null }[],
  ): void {
    // Runs inside the restore's transaction.
    const key = this.#keys.forSealing()
    const setId = randomUUID()
    this.#db
      .prepare('INSERT INTO backup_code_sets (id, account_id, added_at) VALUES (?, ?, ?)')
      .run(setId, accountId, new Date(this.#now()).toISOString())
    const insert = this.#db.prepare(
      'INSERT INTO backup_codes (id, set_id, position, code, used_at, used_by) VALUES (?, ?, ?, ?, ?, ?)',
    )
    codes.forEach((entry, position) => {
      const id = randomUUID()
      insert.run(
        id,
        setId,
        position,
        seal(key, backupCodePlace(id), Buffer.from(entry.code, 'utf8')),
        entry.usedAt,
        entry.usedBy,
      )
    })
  }

  status(accountId: string): BackupCodeSetStatus {
    const row = this.#db
      .prepare(
        `SELECT count(b.id) AS total, coalesce(sum(b.used_at IS NULL), 0) AS unused,
                (SELECT max(replaced_at) FROM backup_code_sets WHERE account_id = ?) AS replaced_at
           FROM backup_code_sets s LEFT JOIN backup_codes b ON b.set_id = s.id
          WHERE s.account_id = ? AND s.replaced_at IS NULL`,
      )
      .get(accountId, accountId) as { total: number; unused: number; replaced_at: string | null }
    return {
      accountId,
      total: row.total,
      unused: row.unused,
      used: row.total - row.unused,
      replacedAt: row.replaced_at,
    }
  }

  /** The first unused code, in the order given, marked used in the same transaction. */
  useNext(accountId: string): { code: string; remaining: number; position: number; codeId: string } {
    return this.#db.transaction(() => {
      const row = this.#db
        .prepare(
          `SELECT b.id, b.position, b.code FROM backup_codes b JOIN backup_code_sets s ON s.id = b.set_id
            WHERE s.account_id = ? AND s.replaced_at IS NULL AND b.used_at IS NULL
            ORDER BY b.position LIMIT 1`,
        )
        .get(accountId) as { id: string; position: number; code: Buffer } | undefined
      if (!row) {
        const { total } = this.status(accountId)
        throw new TwofoldError(
          'no-backup-codes',
          total === 0
            ? 'This account has no backup codes in Twofold.'
            : 'Every backup code of this account is used. Get a new set from the service.',
        )
      }
      const plain = open(this.#keys.forOpening(), backupCodePlace(row.id), row.code)
      const code = plain.toString('utf8')
      plain.fill(0)
      this.#db
        .prepare('UPDATE backup_codes SET used_at = ?, used_by = ? WHERE id = ?')
        .run(new Date(this.#now()).toISOString(), this.#actor, row.id)
      this.#audit.append('backup-code.used', accountId, `code ${row.position + 1}`)
      return { code, remaining: this.status(accountId).unused, position: row.position, codeId: row.id }
    })()
  }

  /**
   * Puts one used code of the current set back to unused: the undo right after "use next". Which code,
   * and whether it may be put back at all, is the caller's to decide (see RecentBackupCodeUse).
   */
  undoUse(accountId: string, codeId: string): BackupCodeSetStatus {
    return this.#db.transaction(() => {
      const row = this.#currentUsedCode(accountId, codeId)
      if (!row)
        throw new TwofoldError(
          'undo-unavailable',
          'That backup code was replaced or put back since it was used: there is nothing to undo.',
        )
      this.#db.prepare('UPDATE backup_codes SET used_at = NULL, used_by = NULL WHERE id = ?').run(codeId)
      this.#audit.append('backup-code.used', accountId, `code ${row.position + 1} put back (undo)`)
      return this.status(accountId)
    })()
  }

  /** A used code of the current set, to copy again the code a window was just shown. */
  usedCode(accountId: string, codeId: string): { code: string; position: number } {
    const row = this.#currentUsedCode(accountId, codeId)
    if (!row)
      throw new TwofoldError(
        'backup-code-not-shown',
        'That backup code was replaced or put back since it was used. Use the next code to get one.',
      )
    const plain = open(this.#keys.forOpening(), backupCodePlace(codeId), row.code)
    const code = plain.toString('utf8')
    plain.fill(0)
    return { code, position: row.position }
  }

  /** One code of the current set by position, used or not: for copying a set the person revealed. */
  codeAt(accountId: string, position: number): string {
    const row = this.#db
      .prepare(
        `SELECT b.id, b.code FROM backup_codes b JOIN backup_code_sets s ON s.id = b.set_id
          WHERE s.account_id = ? AND s.replaced_at IS NULL AND b.position = ?`,
      )
      .get(accountId, position) as { id: string; code: Buffer } | undefined
    if (!row) throw new TwofoldError('no-backup-codes', 'That backup code is not in the current set.')
    const plain = open(this.#keys.forOpening(), backupCodePlace(row.id), row.code)
    const code = plain.toString('utf8')
    plain.fill(0)
    return code
  }

  #currentUsedCode(accountId: string, codeId: string): { position: number; code: Buffer } | undefined {
    return this.#db
      .prepare(
        `SELECT b.position, b.code FROM backup_codes b JOIN backup_code_sets s ON s.id = b.set_id
          WHERE b.id = ? AND s.account_id = ? AND s.replaced_at IS NULL AND b.used_at IS NOT NULL`,
      )
      .get(codeId, accountId) as { position: number; code: Buffer } | undefined
  }

  /** The whole current set. The one place a list of codes leaves the vault: callers gate it. */
  reveal(accountId: string, options: { audit: boolean } = { audit: true }): RevealedBackupCode[] {
    const rows = this.#db
      .prepare(
        `SELECT b.id, b.position, b.code, b.used_at, b.used_by FROM backup_codes b JOIN backup_code_sets s ON s.id = b.set_id
          WHERE s.account_id = ? AND s.replaced_at IS NULL ORDER BY b.position`,
      )
      .all(accountId) as {
      id: string
      position: number
      code: Buffer
      used_at: string | null
      used_by: string | null
    }[]
    const key = this.#keys.forOpening()
    const codes = rows.map((row) => {
      const plain = open(key, backupCodePlace(row.id), row.code)
      const code = plain.toString('utf8')
      plain.fill(0)
      return { position: row.position, code, usedAt: row.used_at, usedBy: row.used_by }
    })
    // A backup reads every set; it is audited once as the backup, not once per account.
    if (options.audit) this.#audit.append('backup-codes.revealed', accountId, `${codes.length} codes`)
    return codes
  }
}

function backupCodePlace(codeId: string) {
  return { table: 'backup_codes', row: codeId, column: 'code' }
}
