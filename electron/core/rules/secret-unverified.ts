import type { PostureFlag } from '../../../shared/domain/flags.ts'
import { accountName, type RuleAccount, serviceName } from './rule-account.ts'

/** `secret-unverified`: a mistyped secret only shows the day its codes are needed and refused. */
export function secretUnverifiedFlags(accounts: readonly RuleAccount[]): PostureFlag[] {
  const flags: PostureFlag[] = []
  for (const account of accounts) {
    const authenticator = account.methods.authenticator
    if (authenticator?.enabled !== true || authenticator.verifiedAt !== null) continue
    flags.push({
      kind: 'secret-unverified',
      severity: 'info',
      accountIds: [account.id],
      message: `The authenticator secret of ${accountName(account)} was never checked against a code from ${serviceName(account)}; confirm one so a typo cannot lock you out.`,
    })
  }
  return flags
}
