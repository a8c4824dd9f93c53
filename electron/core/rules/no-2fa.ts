import type { PostureFlag } from '../../../shared/domain/flags.ts'
import { accountName, hasTwoFactor, type RuleAccount, serviceName } from './rule-account.ts'

/** `no-2fa`: nothing but the password stands between anyone and the account. */
export function noTwoFactorFlags(accounts: readonly RuleAccount[]): PostureFlag[] {
  const flags: PostureFlag[] = []
  for (const account of accounts) {
    if (hasTwoFactor(account)) continue
    flags.push({
      kind: 'no-2fa',
      severity: 'critical',
      accountIds: [account.id],
      message: `${accountName(account)} on ${serviceName(account)} has no two-factor method turned on, so its password alone opens it.`,
    })
  }
  return flags
}
