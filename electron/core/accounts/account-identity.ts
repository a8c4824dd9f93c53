/**
 * When an entry from outside the vault (an import, a backup being restored, later a sync peer) is an
 * account the vault already holds. Every account has a stable random id from the day it is created;
 * an outside entry matches an account by the first of these that applies, in this order:
 *
 * 1. The same account id. Only Twofold's own backups carry one. It survives renames and a new secret,
 *    so it is asked first: nothing else can tell a renamed, re-keyed account from a new one.
 * 2. The same secret (its keyed fingerprint). Two entries that make the same codes are the same
 *    authenticator whatever each file calls it: an export from another app names things its own way.
 * 3. The same platform and handle, for a platform Twofold knows (not `generic`): such a platform has one
 *    account per handle, so a new secret (two-factor set up again) or none (an SMS-only account) is
 *    still that account. Handles compare trimmed, case-insensitively and without a leading `@`,
 *    because platforms treat them so.
 * 4. The same issuer and account name, compared the same way. The last resort, for `generic` accounts,
 *    where one handle can live on many services ("alice" on GitHub and on GitLab are two accounts).
 *
 * The order only decides which account and reason are named when several would match; any match makes
 * the entry a duplicate. Entries met earlier in the same file count as known, so a file that repeats an
 * account brings it in once.
 */
export type IdentityReason =
  'same account' | 'same secret' | 'same platform and handle' | 'same issuer and account'

/** What the rule reads of an account, in the vault or from outside it. */
export interface AccountIdentity {
  /** Known only for accounts in the vault and entries of Twofold's own backups. */
  id?: string | null
  secretFingerprint: string | null
  platform: string
  handle: string
  issuer: string
  /** The account name the issuer shows; the handle when there is none. */
  accountName: string
}

export interface IdentityMatch<T> {
  match: T
  reason: IdentityReason
}

/** The accounts known so far, by each step of the rule; `T` is what a match hands back. */
export class AccountIdentities<T> {
  readonly #byId = new Map<string, T>()
  readonly #bySecret = new Map<string, T>()
  readonly #byHandle = new Map<string, T>()
  readonly #byName = new Map<string, T>()

  constructor(known: Iterable<readonly [AccountIdentity, T]> = []) {
    for (const [identity, value] of known) this.add(identity, value)
  }

  /** The known account an outside entry is, by the first step of the rule that applies. */
  match(entry: AccountIdentity): IdentityMatch<T> | undefined {
    const steps: [string | null, Map<string, T>, IdentityReason][] = [
      [entry.id ?? null, this.#byId, 'same account'],
      [entry.secretFingerprint, this.#bySecret, 'same secret'],
      [handleKey(entry), this.#byHandle, 'same platform and handle'],
      [nameKey(entry), this.#byName, 'same issuer and account'],
    ]
    for (const [key, index, reason] of steps) {
      const match = key === null ? undefined : index.get(key)
      if (match !== undefined) return { match, reason }
    }
    return undefined
  }

  /** Knows one more account; the first one known under a key keeps it. */
  add(identity: AccountIdentity, value: T): void {
    const keys: [string | null, Map<string, T>][] = [
      [identity.id ?? null, this.#byId],
      [identity.secretFingerprint, this.#bySecret],
      [handleKey(identity), this.#byHandle],
      [nameKey(identity), this.#byName],
    ]
    for (const [key, index] of keys) if (key !== null && !index.has(key)) index.set(key, value)
  }
}

function handleKey(identity: AccountIdentity): string | null {
  if (identity.platform === 'generic') return null
  return `${identity.platform}\u0000${comparable(identity.handle)}`
}

function nameKey(identity: AccountIdentity): string {
  return `${identity.issuer.trim().toLowerCase()}\u0000${comparable(identity.accountName)}`
}

function comparable(name: string): string {
  return name.trim().toLowerCase().replace(/^@/, '')
}
