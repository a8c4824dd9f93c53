import type { PostureFlag } from '../../../shared/domain/flags.ts'
import { accountName, nameList, type RuleAccount } from './rule-account.ts'

/**
 * `duplicate-secret`: services give every account its own secret, so a shared one almost always
 * means a secret was saved to the wrong account (the wrong QR code scanned), and that account's real
 * codes are not in the vault. Grouped by fingerprint; a disabled authenticator still holds its secret.
 */
export function duplicateSecretFlags(accounts: readonly RuleAccount[]): PostureFlag[] {
  // As for phone numbers: a lone holder is kept bare, an array made only for a second one.
  const holders = new Map<string, RuleAccount | RuleAccount[]>()
  const groups: RuleAccount[][] = []
  for (const account of accounts) {
    const fingerprint = account.secretFingerprint
    if (fingerprint === null || fingerprint === '') continue
    const earlier = holders.get(fingerprint)
    if (earlier === undefined) {
      holders.set(fingerprint, account)
    } else if (Array.isArray(earlier)) {
      earlier.push(account)
    } else {
      const group = [earlier, account]
      holders.set(fingerprint, group)
      groups.push(group)
    }
  }
  return groups.map((group) => ({
    kind: 'duplicate-secret',
    severity: 'warning',
    accountIds: group.map((account) => account.id),
    message: `${nameList(group.map(accountName))} hold the same authenticator secret, so one code opens all of them; one was probably saved from the wrong QR code.`,
  }))
}
