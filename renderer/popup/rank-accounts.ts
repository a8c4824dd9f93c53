import type { AccountSummary } from '../../shared/domain/accounts.ts'
import { searchIndex } from '../manager/accounts/account-filters.ts'

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
  const needle = query.trim().toLowerCase()
  const index = searchIndex(accounts)
  const matching = needle
    ? accounts.filter((account) => index.get(account.id)?.includes(needle))
    : [...accounts]
  return matching
    .sort(
      (a, b) =>
        (b.lastUsedAt ?? '').localeCompare(a.lastUsedAt ?? '') ||
        a.handle.localeCompare(b.handle, undefined, { sensitivity: 'base', numeric: true }),
    )
    .slice(0, limit)
}
