import type { PostureFlag, PostureSettings } from '../../../shared/domain/flags.ts'
import { accountName, hasTwoFactor, plural, presetOf, type RuleAccount, serviceName } from './rule-account.ts'

/**
 * `backup-codes-missing`, `-low` and `-exhausted`: the three states of one thing, so one module, and
 * at most one of them per account. Accounts without 2FA are left to `no-2fa`: their backup codes
 * open nothing, and one critical flag says more than two.
 */
export function backupCodeFlags(accounts: readonly RuleAccount[], settings: PostureSettings): PostureFlag[] {
  const flags: PostureFlag[] = []
  for (const account of accounts) {
    if (!hasTwoFactor(account)) continue
    const codes = account.methods.backupCodes
    const name = accountName(account)
    const service = serviceName(account)
    if (codes === null) {
      if (!presetOf(account).methods.includes('backup-codes')) continue
      flags.push({
        kind: 'backup-codes-missing',
        severity: 'warning',
        accountIds: [account.id],
        message: `${name} has no backup codes saved here; if its phone or authenticator is lost, there is no other way back in.`,
      })
    } else if (codes.unused === 0) {
      flags.push({
        kind: 'backup-codes-exhausted',
        severity: 'critical',
        accountIds: [account.id],
        message: `${name} has used every backup code in its set; generate a new set on ${service} while you can still sign in.`,
      })
    } else if (codes.unused <= settings.lowBackupCodeThreshold) {
      flags.push({
        kind: 'backup-codes-low',
        severity: 'warning',
        accountIds: [account.id],
        message: `${name} has only ${plural(codes.unused, 'unused backup code', 'unused backup codes')} left; generate a new set on ${service} before they run out.`,
      })
    }
  }
  return flags
}
