import { AuditLog, auditActionSchema, type AuditEntry } from '../audit/audit-log.ts'
import { openAuditChainKey, type AuditChainVerification } from '../audit/audit-chain.ts'
import { wipe } from '../crypto/secret-bytes.ts'
import { TwofoldError } from '../errors.ts'
import type { Vault } from '../vault/vault.ts'
import { stripUndefined } from './strip-undefined.ts'

/**
 * The vault's audit log for the services that write to it, and the record of each lock and unlock.
 * Holds the audit chain's key for the file it was opened from: kept past a lock just long enough to
 * chain the "vault locked" entry, then wiped, since the vault key is gone by then.
 */
export class AuditTrail {
  readonly #vault: Vault
  readonly #actor: string
  readonly #now: () => number
  #wasUnlocked: boolean
  #chain: { db: unknown; key: Buffer } | null = null

  constructor(vault: Vault, actor: string, now: () => number) {
    this.#vault = vault
    this.#actor = actor
    this.#now = now
    this.#wasUnlocked = vault.isUnlocked
    vault.onStateChanged((status) => {
      const unlocked = status.state === 'unlocked'
      if (unlocked === this.#wasUnlocked) return
      this.#wasUnlocked = unlocked
      // Recording a lock or an unlock is best effort: on a full disk the vault must still lock, and
      // people must still be able to read their codes.
      try {
        if (unlocked) this.log().append('vault.unlocked')
        else if (status.state === 'locked') this.#logWhileLocked().append('vault.locked')
      } catch {
        // The audit log's own writes report the disk's state on the next change.
      }
      if (!unlocked) this.#forgetChainKey()
    })
  }

  /** Who the entries name: the person at this computer. */
  get actor(): string {
    return this.#actor
  }

  /** The log of the unlocked vault. */
  log(): AuditLog {
    const db = this.#vault.requireUnlockedDatabase()
    return new AuditLog(db, this.#actor, this.#now, () => {
      if (this.#chain?.db !== db) {
        this.#forgetChainKey()
        this.#chain = { db, key: openAuditChainKey(db, this.#vault.requireKey()) }
      }
      return this.#chain.key
    })
  }

  list(
    filter: { limit?: number | undefined; accountId?: string | undefined; action?: string | undefined } = {},
  ): AuditEntry[] {
    const { action, ...rest } = filter
    const known = auditActionSchema.safeParse(action)
    if (action !== undefined && !known.success) return []
    return this.log().list(stripUndefined({ ...rest, action: known.data }))
  }

  /** Whether the audit log is whole: every entry as written, none removed (see audit-chain.ts). */
  verify(): AuditChainVerification {
    return this.log().verify()
  }

  /** Locking is recorded after the vault key is gone, with the chain key kept until then. */
  #logWhileLocked(): AuditLog {
    const db = this.#vault.database()
    return new AuditLog(db, this.#actor, this.#now, () => {
      if (this.#chain?.db !== db)
        throw new TwofoldError('vault-locked', 'The vault is locked. Unlock it first.')
      return this.#chain.key
    })
  }

  #forgetChainKey(): void {
    wipe(this.#chain?.key)
    this.#chain = null
  }
}
