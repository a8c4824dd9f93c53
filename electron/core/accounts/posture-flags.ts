import type Database from 'better-sqlite3'
import type { PostureFlag } from '../../../shared/domain/flags.ts'
import { compareForList } from '../../../shared/domain/account-order.ts'
import { computeFlags } from '../rules/compute-flags.ts'
import { flagsNamingAny } from '../rules/flag-queries.ts'
import type { RuleAccount } from '../rules/rule-account.ts'
import { cachedStatement } from '../store/statement-cache.ts'
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
    return computeFlags(withTeamState(this.#vault.requireUnlockedDatabase(), accounts), {
      lowBackupCodeThreshold: this.#settings.read().lowBackupCodeThreshold,
    })
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

/** Team accounts flagged by their team state (migration 009): few, so read in one query. */
function withTeamState(db: Database.Database, accounts: readonly AccountWithFingerprint[]): RuleAccount[] {
  const rows = cachedStatement(
    db,
    `SELECT account_id, exposed_since, exposure_secret_replaced, exposure_codes_reissued, conflict_at
       FROM team_accounts WHERE exposed_since IS NOT NULL OR conflict_at IS NOT NULL`,
  ).all() as {
    account_id: string
    exposed_since: string | null
    exposure_secret_replaced: number
    exposure_codes_reissued: number | null
    conflict_at: string | null
  }[]
  if (rows.length === 0) return [...accounts]
  const states = new Map(rows.map((row) => [row.account_id, row]))
  return accounts.map((account) => {
    const state = states.get(account.id)
    if (!state) return account
    const codes = state.exposure_codes_reissued
    const exposure = {
      secretReplaced: state.exposure_secret_replaced === 1,
      backupCodesReissued: codes === null ? null : codes === 1,
    }
    return {
      ...account,
      team: { exposedSince: state.exposed_since, exposure, conflictAt: state.conflict_at },
    }
  })
}
