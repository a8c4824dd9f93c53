/**
 * What finding an account matches, for the manager's search box and the quick popup alike: handle,
 * display name, issuer, label, client, tags and phone numbers. zod-free: the renderer imports values
 * from here.
 */

export interface SearchableAccount {
  readonly handle: string
  readonly displayName: string
  readonly issuer: string
  readonly label: string
  readonly clientName: string | null
  readonly tags: readonly string[]
  readonly methods: {
    readonly sms: { readonly phone: string } | null
    readonly whatsapp: { readonly phone: string } | null
  }
}

/**
 * One lower-case string per account holding everything search looks at, built once per list so each
 * keystroke is a single pass of `includes`. Phone numbers go in twice: as stored (+14155550123) and as
 * bare digits, so "415 555" finds them too.
 */
export function searchTextOf(account: SearchableAccount): string {
  const phones: string[] = []
  if (account.methods.sms) phones.push(account.methods.sms.phone)
  if (account.methods.whatsapp) phones.push(account.methods.whatsapp.phone)
  return [
    account.handle,
    account.displayName,
    account.issuer,
    account.label,
    account.clientName ?? '',
    ...account.tags,
    ...phones,
    ...phones.map(digitsOf),
  ]
    .join('\n')
    .toLowerCase()
}

/**
 * What was typed, as the parts a match must contain: words all match, in any order ("acme tiktok").
 * Something that looks like a phone number is searched as its digits, since people type numbers with
 * spaces, dashes and brackets. `null` when nothing was typed: everything matches.
 */
export function searchTerms(search: string): string[] | null {
  const trimmed = search.trim().toLowerCase()
  if (trimmed === '') return null
  if (/^\+?[\d\s().-]{3,}$/.test(trimmed) && /\d{2}/.test(digitsOf(trimmed))) return [digitsOf(trimmed)]
  return trimmed.split(/\s+/)
}

export function matchesSearch(text: string, terms: readonly string[] | null): boolean {
  return terms === null || terms.every((term) => text.includes(term))
}

function digitsOf(text: string): string {
  return text.replace(/\D/g, '')
}
