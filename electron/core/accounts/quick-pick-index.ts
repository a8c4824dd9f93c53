import type Database from 'better-sqlite3'
import type { AccountSummary } from '../../../shared/domain/accounts.ts'
import { compareForQuickPick } from '../../../shared/domain/account-order.ts'
import { matchesSearch, searchTextOf } from '../../../shared/domain/account-search.ts'
import type { PostureFlag } from '../../../shared/domain/flags.ts'
import type { QuickAccount } from '../../../shared/domain/views.ts'
import { accountsWithWarnings } from '../rules/flag-queries.ts'

/**
 * The quick popup's search, held in main: every account in the popup's order with its search text,
 * built once per vault revision so each keystroke is one pass of `includes` and the popup never holds
 * the whole vault's list. Built from one read of every account and their flags (about 100 ms at 10,000
 * accounts), so it is made on the first keystroke after a change, not when the popup opens.
 */
export class QuickPickIndex {
  readonly db: Database.Database
  readonly revision: string
  readonly #order: readonly QuickAccount[]
  readonly #texts: readonly string[]

  constructor(
    db: Database.Database,
    revision: string,
    accounts: readonly AccountSummary[],
    flags: readonly PostureFlag[],
  ) {
    this.db = db
    this.revision = revision
    const warned = accountsWithWarnings(flags)
    const ordered = [...accounts].sort(compareForQuickPick)
    this.#order = ordered.map((account) => toQuickAccount(account, warned))
    this.#texts = ordered.map(searchTextOf)
  }

  get size(): number {
    return this.#order.length
  }

  /** The first `limit` accounts, in order, whose text holds every term. */
  search(terms: readonly string[] | null, limit: number): QuickAccount[] {
    const matches: QuickAccount[] = []
    // Already in order: walking it and stopping at `limit` matches replaces filter + sort + slice.
    for (let position = 0; position < this.#order.length && matches.length < limit; position++) {
      if (matchesSearch(this.#texts[position] ?? '', terms))
        matches.push(this.#order[position] as QuickAccount)
    }
    return matches
  }
}

export function toQuickAccount(account: AccountSummary, warned: ReadonlySet<string>): QuickAccount {
  return {
    id: account.id,
    platform: account.platform,
    handle: account.handle,
    issuer: account.issuer,
    clientName: account.clientName,
    hasAuthenticator: account.methods.authenticator !== null,
    unusedBackupCodes: account.methods.backupCodes?.unused ?? null,
    hasWarnings: warned.has(account.id),
  }
}
