import type Database from 'better-sqlite3'
import { randomUUID } from 'node:crypto'
import { platformPresets, type PlatformId } from '../../../shared/domain/platforms.ts'
import type { Client } from '../../../shared/domain/accounts.ts'
import { TwofoldError } from '../errors.ts'
import type { AuditLog } from '../audit/audit-log.ts'
import { cachedStatement } from '../store/statement-cache.ts'
import { checkMethodsAllowed, cleanTags, cleanText, invalid, MAX_NOTES } from './account-input.ts'
import { readAccounts, type AccountWithFingerprint } from './account-rows.ts'
import {
  advanceCounter,
  openAuthenticator,
  readCounter,
  readSealedAuthenticator,
  readSealedAuthenticators,
  setCounter,
  writeAuthenticator,
  type AuthenticatorInput,
  type SealedAuthenticator,
  type StoredAuthenticator,
} from './authenticator-rows.ts'
import type { KeyAccess } from '../vault/key-access.ts'

export type { AuthenticatorInput } from './authenticator-rows.ts'

export interface NewAccount {
  platform: PlatformId
  handle: string
  displayName?: string
  issuer?: string
  label?: string
  clientName?: string | null
  notes?: string
  tags?: readonly string[]
  authenticator?: AuthenticatorInput
  /** E.164, already normalised. */
  sms?: string
  whatsapp?: string
}

export interface AccountPatch {
  handle?: string
  displayName?: string
  issuer?: string
  label?: string
  clientName?: string | null
  notes?: string
  tags?: readonly string[]
  /** null removes the method. */
  sms?: string | null
  whatsapp?: string | null
  authenticator?: AuthenticatorInput | null
}

/**
 * Accounts, clients and 2FA methods in the vault's SQLite file. Authenticator secrets are sealed under
 * the vault key with their row as associated data; every change lands in the audit log in the same
 * transaction, so the history cannot miss a change that happened.
 */
export class AccountStore {
  readonly #db: Database.Database
  readonly #keys: KeyAccess
  readonly #audit: AuditLog
  readonly #now: () => number
  #inserting: ((input: NewAccount, id: string, handle: string) => void) | null = null

  constructor(db: Database.Database, keys: KeyAccess, audit: AuditLog, now: () => number) {
    this.#db = db
    this.#keys = keys
    this.#audit = audit
    this.#now = now
  }

  list(filter: { ids?: readonly string[]; includeDeleted?: boolean } = {}): AccountWithFingerprint[] {
    return readAccounts(this.#db, filter)
  }

  get(id: string): AccountWithFingerprint {
    const [account] = readAccounts(this.#db, { ids: [id] })
    if (!account)
      throw new TwofoldError(
        'account-not-found',
        'That account is not in the vault (it may have been deleted).',
      )
    return account
  }

  /** Accounts outside the trash, without reading them: the backup reminder asks this often. */
  count(): number {
    const row = cachedStatement(
      this.#db,
      'SELECT count(*) AS n FROM accounts WHERE deleted_at IS NULL',
    ).get() as {
      n: number
    }
    return row.n
  }

  /**
   * These accounts and every account sharing a phone number or an authenticator secret with one of
   * them: the only accounts a posture flag naming them can also name.
   */
  relatedIds(accountIds: readonly string[]): string[] {
    const ids = JSON.stringify(accountIds)
    const related = cachedStatement(
      this.#db,
      `SELECT p2.account_id AS id FROM phone_methods p1 JOIN phone_methods p2 ON p2.phone = p1.phone
        WHERE p1.account_id IN (SELECT value FROM json_each(?))
       UNION
       SELECT a2.account_id FROM authenticators a1 JOIN authenticators a2 ON a2.secret_fingerprint = a1.secret_fingerprint
        WHERE a1.account_id IN (SELECT value FROM json_each(?))
       UNION SELECT value FROM json_each(?)`,
    ).all(ids, ids, ids) as { id: string }[]
    return related.map((row) => row.id)
  }

  listClients(): Client[] {
    return (
      this.#db.prepare('SELECT id, name, created_at FROM clients ORDER BY name').all() as {
        id: string
        name: string
        created_at: string
      }[]
    ).map((row) => ({ id: row.id, name: row.name, createdAt: row.created_at }))
  }

  add(input: NewAccount): AccountWithFingerprint {
    return this.get(this.insert(input))
  }

  /** Adds without reading the account back: what a 10,000-entry import wants. Returns the new id. */
  insert(input: NewAccount): string {
    const handle = cleanText(input.handle, 'handle')
    if (!handle) throw invalid('handle', 'Give the account a handle or user name.')
    checkMethodsAllowed(input.platform, input)
    const id = randomUUID()
    // Made once per store: an import inserts 10,000 accounts through one store, and making a
    // transaction function (with its variants) per account cost more than some of the inserts.
    this.#inserting ??= this.#db.transaction((account: NewAccount, accountId: string, cleanHandle: string) =>
      this.#writeAccount(account, accountId, cleanHandle),
    )
    this.#inserting(input, id, handle)
    return id
  }

  #writeAccount(input: NewAccount, id: string, handle: string): void {
    const preset = platformPresets[input.platform]
    const at = this.#timestamp()
    const clientId = this.#clientIdFor(input.clientName ?? null, at)
    cachedStatement(
      this.#db,
      `INSERT INTO accounts (id, platform, handle, display_name, issuer, label, client_id, notes, tags, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      id,
      input.platform,
      handle,
      cleanText(input.displayName ?? '', 'displayName'),
      cleanText(input.issuer ?? preset.issuer, 'issuer'),
      cleanText(input.label ?? handle, 'label'),
      clientId,
      cleanText(input.notes ?? '', 'notes', MAX_NOTES),
      JSON.stringify(cleanTags(input.tags ?? [])),
      at,
      at,
    )
    if (input.authenticator) writeAuthenticator(this.#db, this.#keys, id, input.authenticator, at)
    if (input.sms) this.#writePhone(id, 'sms', input.sms, at)
    if (input.whatsapp) this.#writePhone(id, 'whatsapp', input.whatsapp, at)
    this.#audit.append('account.added', id, `${preset.name} ${handle}`)
  }

  update(id: string, patch: AccountPatch): AccountWithFingerprint {
    const current = this.get(id)
    checkMethodsAllowed(current.platform, {
      ...(patch.sms ? { sms: patch.sms } : {}),
      ...(patch.whatsapp ? { whatsapp: patch.whatsapp } : {}),
      ...(patch.authenticator ? { authenticator: patch.authenticator } : {}),
    })
    const at = this.#timestamp()
    const changed: string[] = []
    this.#db.transaction(() => {
      const columns: [string, unknown][] = []
      if (patch.handle !== undefined) {
        const handle = cleanText(patch.handle, 'handle')
        if (!handle) throw invalid('handle', 'Give the account a handle or user name.')
        columns.push(['handle', handle])
      }
      if (patch.displayName !== undefined)
        columns.push(['display_name', cleanText(patch.displayName, 'displayName')])
      if (patch.issuer !== undefined) columns.push(['issuer', cleanText(patch.issuer, 'issuer')])
      if (patch.label !== undefined) columns.push(['label', cleanText(patch.label, 'label')])
      if (patch.notes !== undefined) columns.push(['notes', cleanText(patch.notes, 'notes', MAX_NOTES)])
      if (patch.tags !== undefined) columns.push(['tags', JSON.stringify(cleanTags(patch.tags))])
      if (patch.clientName !== undefined) columns.push(['client_id', this.#clientIdFor(patch.clientName, at)])
      for (const [column] of columns) changed.push(column.replace('_id', '').replace('_', ' '))
      columns.push(['updated_at', at])
      this.#db
        .prepare(`UPDATE accounts SET ${columns.map(([column]) => `${column} = ?`).join(', ')} WHERE id = ?`)
        .run(...columns.map(([, value]) => value), id)
      for (const kind of ['sms', 'whatsapp'] as const) {
        const phone = patch[kind]
        if (phone === undefined) continue
        changed.push(kind === 'sms' ? 'SMS number' : 'WhatsApp number')
        if (phone === null)
          this.#db.prepare('DELETE FROM phone_methods WHERE account_id = ? AND kind = ?').run(id, kind)
        else this.#writePhone(id, kind, phone, at)
      }
      if (patch.authenticator !== undefined) {
        changed.push('authenticator')
        if (patch.authenticator === null)
          this.#db.prepare('DELETE FROM authenticators WHERE account_id = ?').run(id)
        else writeAuthenticator(this.#db, this.#keys, id, patch.authenticator, at)
      }
      this.#audit.append('account.changed', id, changed.join(', '))
    })()
    return this.get(id)
  }

  setPhoneVerified(id: string, kind: 'sms' | 'whatsapp', verified: boolean): void {
    this.#db.transaction(() => {
      const result = this.#db
        .prepare('UPDATE phone_methods SET verified_at = ? WHERE account_id = ? AND kind = ?')
        .run(verified ? this.#timestamp() : null, id, kind)
      if (!result.changes) {
        throw new TwofoldError(
          'method-not-allowed',
          `This account has no ${kind === 'sms' ? 'SMS' : 'WhatsApp'} number.`,
        )
      }
      this.#audit.append(
        'account.changed',
        id,
        `${kind === 'sms' ? 'SMS' : 'WhatsApp'} number marked ${verified ? 'verified' : 'not verified'}`,
      )
    })()
  }

  /** Moves the account to the trash; its secrets stay sealed until the trash is emptied. */
  trash(id: string): void {
    const account = this.get(id)
    this.#db.transaction(() => {
      this.#db
        .prepare('UPDATE accounts SET deleted_at = ?, updated_at = ? WHERE id = ?')
        .run(this.#timestamp(), this.#timestamp(), id)
      this.#audit.append('account.deleted', id, `${platformPresets[account.platform].name} ${account.handle}`)
    })()
  }

  restore(id: string): AccountWithFingerprint {
    const changes = this.#db.transaction(() => {
      const result = this.#db
        .prepare(
          'UPDATE accounts SET deleted_at = NULL, updated_at = ? WHERE id = ? AND deleted_at IS NOT NULL',
        )
        .run(this.#timestamp(), id)
      if (result.changes) this.#audit.append('account.restored', id)
      return result.changes
    })()
    if (!changes) throw new TwofoldError('account-not-found', 'That account is not in the trash.')
    return this.get(id)
  }

  listTrash(): {
    id: string
    platform: string
    handle: string
    clientName: string | null
    deletedAt: string
  }[] {
    return (
      this.#db
        .prepare(
          `SELECT a.id, a.platform, a.handle, c.name AS client_name, a.deleted_at FROM accounts a
             LEFT JOIN clients c ON c.id = a.client_id WHERE a.deleted_at IS NOT NULL ORDER BY a.deleted_at DESC`,
        )
        .all() as {
        id: string
        platform: string
        handle: string
        client_name: string | null
        deleted_at: string
      }[]
    ).map((row) => ({
      id: row.id,
      platform: row.platform,
      handle: row.handle,
      clientName: row.client_name,
      deletedAt: row.deleted_at,
    }))
  }

  /** One transaction for many accounts: a client, tags added and removed. */
  bulkUpdate(
    ids: readonly string[],
    change: { clientName?: string | null; addTags?: readonly string[]; removeTags?: readonly string[] },
  ): number {
    const at = this.#timestamp()
    return this.#db.transaction(() => {
      const clientId = change.clientName === undefined ? undefined : this.#clientIdFor(change.clientName, at)
      const add = cleanTags(change.addTags ?? [])
      const remove = new Set(cleanTags(change.removeTags ?? []))
      const read = this.#db.prepare('SELECT tags FROM accounts WHERE id = ? AND deleted_at IS NULL')
      const write = this.#db.prepare(
        `UPDATE accounts SET tags = ?, client_id = CASE WHEN ? THEN ? ELSE client_id END, updated_at = ? WHERE id = ?`,
      )
      let updated = 0
      for (const id of ids) {
        const row = read.get(id) as { tags: string } | undefined
        if (!row) continue
        const tags = cleanTags([
          ...(JSON.parse(row.tags) as string[]).filter((tag) => !remove.has(tag)),
          ...add,
        ])
        write.run(JSON.stringify(tags), clientId === undefined ? 0 : 1, clientId ?? null, at, id)
        const what = [
          clientId !== undefined && 'client',
          add.length > 0 && 'tags added',
          remove.size > 0 && 'tags removed',
        ]
        this.#audit.append('account.changed', id, what.filter(Boolean).join(', '))
        updated++
      }
      return updated
    })()
  }

  /** Removes accounts trashed before `cutoffIso`, with their sealed secrets (secure_delete zeroes the pages). */
  purgeTrash(cutoffIso: string): number {
    return this.#db
      .prepare('DELETE FROM accounts WHERE deleted_at IS NOT NULL AND deleted_at < ?')
      .run(cutoffIso).changes
  }

  /** Decrypts one authenticator. The caller owns (and wipes) the returned secret. */
  readAuthenticator(id: string): StoredAuthenticator | null {
    const row = readSealedAuthenticator(this.#db, id)
    return row ? this.openAuthenticator(row) : null
  }

  /**
   * Every enabled authenticator, still sealed, in one query: for reading thousands of secrets without
   * a query each. Nothing in it is secret until `openAuthenticator` opens a row.
   */
  sealedAuthenticators(): Map<string, SealedAuthenticator> {
    return readSealedAuthenticators(this.#db)
  }

  /** Decrypts one row of `sealedAuthenticators`. The caller owns (and wipes) the returned secret. */
  openAuthenticator(row: SealedAuthenticator): StoredAuthenticator {
    return openAuthenticator(this.#keys, row)
  }

  /** HOTP: the code at the stored counter was used; the next one is due. */
  advanceCounter(id: string): number {
    return advanceCounter(this.#db, id)
  }

  readCounter(id: string): number {
    return readCounter(this.#db, id)
  }

  setCounter(id: string, counter: number): void {
    setCounter(this.#db, id, counter)
  }

  // ── internals ───────────────────────────────────────────────────────────────────────────────

  #writePhone(accountId: string, kind: 'sms' | 'whatsapp', phone: string, at: string): void {
    cachedStatement(
      this.#db,
      `INSERT INTO phone_methods (account_id, kind, enabled, phone, added_at) VALUES (?, ?, 1, ?, ?)
         ON CONFLICT (account_id, kind) DO UPDATE SET phone = excluded.phone, enabled = 1,
           verified_at = CASE WHEN phone = excluded.phone THEN verified_at END,
           added_at = CASE WHEN phone = excluded.phone THEN added_at ELSE excluded.added_at END`,
    ).run(accountId, kind, phone, at)
  }

  #clientIdFor(name: string | null, at: string): string | null {
    if (name === null) return null
    const clean = cleanText(name, 'client')
    if (!clean) return null
    const existing = cachedStatement(this.#db, 'SELECT id FROM clients WHERE name = ?').get(clean) as
      { id: string } | undefined
    if (existing) return existing.id
    const id = randomUUID()
    cachedStatement(this.#db, 'INSERT INTO clients (id, name, created_at) VALUES (?, ?, ?)').run(
      id,
      clean,
      at,
    )
    this.#audit.append('client.added', null, clean)
    return id
  }

  #timestamp(): string {
    return new Date(this.#now()).toISOString()
  }
}
