import type { AccountSummary } from '../../shared/domain/accounts.ts'
import { TwofoldError } from '../core/errors.ts'

/**
 * Finds one account by what a person types: a case-insensitive substring of the handle, issuer or
 * label; an exact match on any of them wins over substrings. More than one → an error listing them.
 */
export function findAccount(accounts: readonly AccountSummary[], query: string): AccountSummary {
  const needle = query.trim().toLowerCase().replace(/^@/, '')
  if (!needle)
    throw new TwofoldError('invalid-request', 'Name the account: part of its handle, issuer or label.')
  const fields = (account: AccountSummary) =>
    [account.handle, account.issuer, account.label, account.id].map((field) =>
      field.toLowerCase().replace(/^@/, ''),
    )
  const exact = accounts.filter((account) => fields(account).includes(needle))
  const candidates =
    exact.length > 0
      ? exact
      : accounts.filter((account) => fields(account).some((field) => field.includes(needle)))
  if (candidates.length === 1 && candidates[0]) return candidates[0]
  if (candidates.length === 0) throw new TwofoldError('account-not-found', `No account matches "${query}".`)
  const names = candidates
    .slice(0, 10)
    .map(
      (account) =>
        `${account.handle} (${account.issuer || account.platform}${account.clientName ? `, ${account.clientName}` : ''})`,
    )
  throw new TwofoldError(
    'ambiguous-account',
    `"${query}" matches ${candidates.length} accounts: ${names.join('; ')}${candidates.length > 10 ? '; …' : ''}. Be more specific.`,
  )
}
