import type { AccountSummary, Client } from '../../../shared/domain/accounts.ts'
import type { FlagKind, PostureFlag } from '../../../shared/domain/flags.ts'
import type { QuickAccount } from '../../../shared/domain/views.ts'
import { compareForList, compareForQuickPick } from '../../../shared/domain/account-order.ts'
import { searchTerms } from '../../../shared/domain/account-search.ts'
import { TwofoldError } from '../errors.ts'
import { clientReportCsv, reportFileName } from '../reports/client-report-csv.ts'
import { accountsWithWarnings, flagsNamingAny } from '../rules/flag-queries.ts'
import type { Vault } from '../vault/vault.ts'
import {
  readListOrderKeys,
  readQuickPickKeys,
  toSummary,
  vaultRevision,
  type AccountWithFingerprint,
} from './account-rows.ts'
import type { AuditTrail } from './audit-trail.ts'
import { firstInOrder } from './first-in-order.ts'
import { openAccountStore } from './open-stores.ts'
import type { PostureFlags } from './posture-flags.ts'
import { QuickPickIndex, toQuickAccount } from './quick-pick-index.ts'

export interface AccountListFilter {
  clientId?: string | null | undefined
  flag?: FlagKind | undefined
  first?: number | undefined
}

export interface AccountList {
  accounts: AccountSummary[]
  flags: PostureFlag[]
  total: number
}

/** Reading accounts: the manager's list, the quick popup's search, flags, clients and their reports. */
export class AccountQueries {
  readonly #vault: Vault
  readonly #audit: AuditTrail
  readonly #flags: PostureFlags
  readonly #now: () => number
  /** The quick popup's search, valid for one vault revision; dropped on lock. */
  #quickPick: QuickPickIndex | null = null

  constructor(vault: Vault, audit: AuditTrail, flags: PostureFlags, now: () => number) {
    this.#vault = vault
    this.#audit = audit
    this.#flags = flags
    this.#now = now
    vault.onStateChanged((status) => {
      if (status.state !== 'unlocked') this.#quickPick = null
    })
  }

  /**
   * Accounts in the manager's order (client, then handle) with their posture flags. With `first`, the
   * first that many and only the flags that name them: a window shows those at once and asks for the
   * rest afterwards. Without a flag filter that page is chosen from the accounts' order keys alone, so
   * it costs a few milliseconds instead of reading and flagging every account.
   */
  list(filter: AccountListFilter = {}): AccountList {
    if (filter.first !== undefined && !filter.flag) return this.#firstPage(filter.clientId, filter.first)
    const all = this.#store().list().sort(compareForList)
    const flags = this.#flags.over(all)
    let accounts = all
    if (filter.clientId !== undefined)
      accounts = accounts.filter((account) => account.clientId === filter.clientId)
    if (filter.flag) {
      const flagged = new Set(
        flags.filter((flag) => flag.kind === filter.flag).flatMap((flag) => flag.accountIds),
      )
      accounts = accounts.filter((account) => flagged.has(account.id))
    }
    if (filter.first === undefined)
      return { accounts: accounts.map(toSummary), flags, total: accounts.length }
    const page = accounts.slice(0, filter.first)
    return {
      accounts: page.map(toSummary),
      flags: flagsNamingAny(
        flags,
        page.map((account) => account.id),
      ),
      total: accounts.length,
    }
  }

  #firstPage(clientId: string | null | undefined, first: number): AccountList {
    const keys = readListOrderKeys(this.#vault.requireUnlockedDatabase(), clientId)
    const ids = firstInOrder(keys, compareForList, first).map((key) => key.id)
    return {
      accounts: this.#readInOrder(ids).map(toSummary),
      flags: this.#flags.naming(ids),
      total: keys.length,
    }
  }

  /**
   * The quick popup's search: the first `limit` accounts matching `query` in the popup's order (last
   * code copied, then handle), with whether a warning names them.
   */
  quickSearch(query: string, limit: number): { accounts: QuickAccount[]; total: number } {
    const db = this.#vault.requireUnlockedDatabase()
    const terms = searchTerms(query)
    const revision = vaultRevision(db)
    let index = this.#quickPick
    if (index?.db !== db || index.revision !== revision) {
      if (terms === null) {
        // The popup opening: its first rows from the order keys, as the manager's first page. The
        // whole index waits for the first keystroke, which may never come.
        const keys = readQuickPickKeys(db)
        const ids = firstInOrder(keys, compareForQuickPick, limit).map((key) => key.id)
        const warned = accountsWithWarnings(this.#flags.naming(ids))
        return {
          accounts: this.#readInOrder(ids).map((account) => toQuickAccount(account, warned)),
          total: keys.length,
        }
      }
      const all = this.#store().list()
      index = new QuickPickIndex(db, revision, all, this.#flags.over(all))
      this.#quickPick = index
    }
    return { accounts: index.search(terms, limit), total: index.size }
  }

  /** The accounts with these ids, in this order. */
  #readInOrder(ids: readonly string[]): AccountWithFingerprint[] {
    const byId = new Map(
      this.#store()
        .list({ ids })
        .map((account) => [account.id, account]),
    )
    return ids.flatMap((id) => byId.get(id) ?? [])
  }

  /** Accounts outside the trash, without reading them: the backup reminder asks this often. */
  count(): number {
    return this.#store().count()
  }

  flags(): PostureFlag[] {
    return this.#flags.all()
  }

  get(id: string): AccountSummary {
    return toSummary(this.#store().get(id))
  }

  clients(): Client[] {
    return this.#store().listClients()
  }

  clientReport(clientId: string | null): { fileName: string; csv: string } {
    const { accounts, flags } = this.list({ clientId })
    const client = clientId === null ? null : this.clients().find((entry) => entry.id === clientId)
    if (client === undefined) throw new TwofoldError('client-not-found', 'That client is not in the vault.')
    const name = client?.name ?? null
    return {
      fileName: reportFileName(name, new Date(this.#now())),
      csv: clientReportCsv(name, accounts, flags),
    }
  }

  #store() {
    return openAccountStore(this.#vault, this.#audit, this.#now)
  }
}
