import type { AccountSummary } from '../../shared/domain/accounts.ts'
import { searchIndex } from '../manager/accounts/account-filters.ts'

interface RankedList {
  /** Every account in the popup's order: most recently used first, then by handle. */
  order: AccountSummary[]
  /** The search text of `order[i]`, lower case. */
  texts: string[]
}

// The index and the order depend on the list alone, so they are built once per list the query hands
// out, not on every keystroke: at 10,000 accounts that is 20 ms once instead of 80 ms per key.
const rankedLists = new WeakMap<readonly AccountSummary[], RankedList>()
const handleOrder = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true })

/**
 * The popup's list: the manager's matching (handle, issuer, label, client, phone, tags), ranked with
 * the accounts used most recently first — the one you copied a code for an hour ago is the one you
 * want again — then alphabetically.
 */
export function rankAccounts(
  accounts: readonly AccountSummary[],
  query: string,
  limit = 50,
): AccountSummary[] {
  let ranked = rankedLists.get(accounts)
  if (ranked === undefined) {
    const index = searchIndex(accounts)
    const order = [...accounts].sort(
      (a, b) =>
        compareCodeUnits(b.lastUsedAt ?? '', a.lastUsedAt ?? '') || handleOrder.compare(a.handle, b.handle),
    )
    ranked = { order, texts: order.map((account) => index.get(account.id) ?? '') }
    rankedLists.set(accounts, ranked)
  }
  const needle = query.trim().toLowerCase()
  const matches: AccountSummary[] = []
  // Already in order: walking it and stopping at `limit` matches replaces filter + sort + slice.
  for (let position = 0; position < ranked.order.length && matches.length < limit; position++) {
    if (needle === '' || (ranked.texts[position] ?? '').includes(needle)) {
      matches.push(ranked.order[position] as AccountSummary)
    }
  }
  return matches
}

/** ISO 8601 timestamps sort by code unit as they do by date, without a locale-aware compare. */
function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
