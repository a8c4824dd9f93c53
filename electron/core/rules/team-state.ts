import type { PostureFlag } from '../../../shared/domain/flags.ts'
import { accountName, type RuleAccount, serviceName, type TeamAccountState } from './rule-account.ts'

/**
 * `exposed-to-former-member`: someone who left could have copied the secret, until it is replaced at
 * the service and, when backup codes were stored then, new ones are stored too; the message says which
 * is still missing. `sync-conflict`: two devices changed one field of a team account differently; the
 * other version is kept until a person chooses.
 */
export function teamStateFlags(accounts: readonly RuleAccount[]): PostureFlag[] {
  const flags: PostureFlag[] = []
  for (const account of accounts) {
    if (account.team?.exposedSince) {
      flags.push({
        kind: 'exposed-to-former-member',
        severity: 'critical',
        accountIds: [account.id],
        message: `Someone who left the team could have copied the secret of ${accountName(account)}: ${stillMissing(account, account.team.exposure)}.`,
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

/** What the flag still waits for, and what is done already, in the order a person would do it. */
function stillMissing(account: RuleAccount, exposure: TeamAccountState['exposure']): string {
  const service = serviceName(account)
  const secretDone = exposure?.secretReplaced === true
  // Before the server says (a device that has not synced since), backup codes count as still to do.
  const codes = exposure === undefined || exposure === null ? false : exposure.backupCodesReissued
  if (!secretDone && codes === false) return `replace it at ${service} and get new backup codes`
  if (!secretDone && codes === true)
    return `new backup codes are stored; the secret is still to replace at ${service}`
  if (!secretDone) return `replace it at ${service}; it had no backup codes stored, so nothing else is left`
  return `secret replaced; backup codes still to re-issue: get new ones at ${service} and store them here`
}
