import type { PostureFlag } from '../../../shared/domain/flags.ts'
import { compareForList } from '../../../shared/domain/account-order.ts'
import { computeFlags } from '../rules/compute-flags.ts'
import { flagsNamingAny } from '../rules/flag-queries.ts'
import type { Vault } from '../vault/vault.ts'
import type { AccountWithFingerprint } from './account-rows.ts'
import type { AuditTrail } from './audit-trail.ts'
import { openAccountStore } from './open-stores.ts'
import type { SettingsService } from './settings-service.ts'

/** The posture rules run over the vault's accounts, with the vault's own thresholds. */
export class PostureFlags {
  readonly #vault: Vault
  readonly #audit: AuditTrail
  readonly #settings: SettingsService
  readonly #now: () => number

  constructor(vault: Vault, audit: AuditTrail, settings: SettingsService, now: () => number) {
    this.#vault = vault
    this.#audit = audit
    this.#settings = settings
    this.#now = now
  }

  /** The flags of these accounts, read by the caller (the whole vault, or it plus a draft). */
  over(accounts: readonly AccountWithFingerprint[]): PostureFlag[] {
    return computeFlags(accounts, { lowBackupCodeThreshold: this.#settings.read().lowBackupCodeThreshold })
  }

  all(): PostureFlag[] {
    return this.over(openAccountStore(this.#vault, this.#audit, this.#now).list())
  }

  /** The flags that name one account. */
  of(accountId: string): PostureFlag[] {
    return this.naming([accountId])
  }

  /**
   * The flags that name any of these accounts. Only accounts sharing one of their numbers or secrets
   * can share a flag with them, so the rules run over those few rather than the whole vault — adding
   * the 10,000th account costs what adding the first did, and a first page of 100 rows needs a few
   * hundred accounts read, not 10,000.
   */
  naming(accountIds: readonly string[]): PostureFlag[] {
    if (accountIds.length === 0) return []
    const store = openAccountStore(this.#vault, this.#audit, this.#now)
    // In the list's order, as the whole list's flags are computed: a flag names its accounts in the
    // same order whichever way it was found.
    const accounts = store.list({ ids: store.relatedIds(accountIds) }).sort(compareForList)
    return flagsNamingAny(this.over(accounts), accountIds)
  }
}
