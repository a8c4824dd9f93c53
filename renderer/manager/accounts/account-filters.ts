import type { AccountSummary } from '../../../shared/domain/accounts.ts'
import type { FlagKind, PostureFlag } from '../../../shared/domain/flags.ts'

/** Which accounts the list shows: all, one client's, or those with no client. */
export type ClientScope = { kind: 'all' } | { kind: 'unassigned' } | { kind: 'client'; id: string }

export interface AccountFilter {
  scope: ClientScope
  flag: FlagKind | null
  search: string
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true })

/** Client first (unassigned last), then handle: the order of the sidebar, so groups stay together. */
export function sortAccounts(accounts: readonly AccountSummary[]): AccountSummary[] {
  return [...accounts].sort(
    (a, b) =>
      Number(a.clientName === null) - Number(b.clientName === null) ||
      collator.compare(a.clientName ?? '', b.clientName ?? '') ||
      collator.compare(a.handle, b.handle),
  )
}

/**
 * One lower-case string per account holding everything search looks at, built once per list so each
 * keystroke is a single pass of `includes` (10 000 accounts take about a millisecond). Phone numbers go
 * in twice: as stored (+14155550123) and as bare digits, so "415 555" finds them too.
 */
export function searchIndex(accounts: readonly AccountSummary[]): ReadonlyMap<string, string> {
  return new Map(
    accounts.map((account) => {
      const phones = [account.methods.sms?.phone, account.methods.whatsapp?.phone].filter(
        (phone): phone is string => Boolean(phone),
      )
      const text = [
        account.handle,
        account.displayName,
        account.issuer,
        account.label,
        account.clientName ?? '',
        ...account.tags,
        ...phones,
        ...phones.map(digitsOf),
      ].join('\n')
      return [account.id, text.toLowerCase()]
    }),
  )
}

export function filterAccounts(
  sorted: readonly AccountSummary[],
  index: ReadonlyMap<string, string>,
  flags: readonly PostureFlag[],
  filter: AccountFilter,
): AccountSummary[] {
  const needle = searchNeedle(filter.search)
  const flagged = filter.flag === null ? null : accountsWithFlag(flags, filter.flag)
  const { scope } = filter
  return sorted.filter((account) => {
    if (scope.kind === 'unassigned' && account.clientId !== null) return false
    if (scope.kind === 'client' && account.clientId !== scope.id) return false
    if (flagged && !flagged.has(account.id)) return false
    if (needle === null) return true
    const text = index.get(account.id) ?? ''
    return needle.every((part) => text.includes(part))
  })
}

export function accountsWithFlag(flags: readonly PostureFlag[], kind: FlagKind): Set<string> {
  return new Set(flags.filter((flag) => flag.kind === kind).flatMap((flag) => flag.accountIds))
}

/**
 * Words must all match, in any order ("acme tiktok"). Something that looks like a phone number is
 * searched as its digits, since people type numbers with spaces, dashes and brackets.
 */
function searchNeedle(search: string): string[] | null {
  const trimmed = search.trim().toLowerCase()
  if (trimmed === '') return null
  if (/^\+?[\d\s().-]{3,}$/.test(trimmed) && /\d{2}/.test(digitsOf(trimmed))) return [digitsOf(trimmed)]
  return trimmed.split(/\s+/)
}

function digitsOf(text: string): string {
  return text.replace(/\D/g, '')
}
