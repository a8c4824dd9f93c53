import type { PostureFlag } from '../../../shared/domain/flags.ts'
import { accountName, type RuleAccount, serviceName } from './rule-account.ts'

/**
 * `exposed-to-former-member`: someone who left could have copied the secret, until it is replaced at
 * the service and the backup codes are re-issued. `sync-conflict`: two devices changed one field of a
 * team account differently; the other version is kept until a person chooses.
 */
export function teamStateFlags(accounts: readonly RuleAccount[]): PostureFlag[] {
  const flags: PostureFlag[] = []
  for (const account of accounts) {
    if (account.team?.exposedSince) {
      flags.push({
        kind: 'exposed-to-former-member',
        severity: 'critical',
        accountIds: [account.id],
        message: `Someone who left the team could have copied the secret of ${accountName(account)}: replace it at ${serviceName(account)} and get new backup codes.`,
      })
    }
    if (account.team?.conflictAt) {
      flags.push({
        kind: 'sync-conflict',
        severity: 'warning',
        accountIds: [account.id],
        message: `${accountName(account)} was changed on two devices at once; both versions are kept until you choose one.`,
      })
    }
  }
  return flags
}
