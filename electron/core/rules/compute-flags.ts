import {
  type FlagKind,
  type FlagSeverity,
  flagKinds,
  type PostureFlag,
  type PostureSettings,
} from '../../../shared/domain/flags.ts'
import { backupCodeFlags } from './backup-codes.ts'
import { duplicateSecretFlags } from './duplicate-secret.ts'
import { noTwoFactorFlags } from './no-2fa.ts'
import type { Rule, RuleAccount } from './rule-account.ts'
import { secretUnverifiedFlags } from './secret-unverified.ts'
import { sharedPhoneFlags } from './shared-phone.ts'
import { smsOnlyFlags } from './sms-only.ts'
import { whatsappWithoutSmsFlags } from './whatsapp-without-sms.ts'
import { teamStateFlags } from './team-state.ts'

const rules: readonly Rule[] = [
  sharedPhoneFlags,
  noTwoFactorFlags,
  smsOnlyFlags,
  whatsappWithoutSmsFlags,
  backupCodeFlags,
  duplicateSecretFlags,
  secretUnverifiedFlags,
  teamStateFlags,
]

/**
 * Every weak spot across all accounts, recomputed from scratch on each change (each rule is one pass
 * with Maps, so thousands of accounts take milliseconds). Ordered by severity, then kind (in the
 * order of `flagKinds`), then the position of the flag's first account in `accounts` — the order the
 * person sees them in — so the list does not jump about between recomputations.
 */
export function computeFlags(accounts: readonly RuleAccount[], settings: PostureSettings): PostureFlag[] {
  const position = new Map<string, number>()
  accounts.forEach((account, index) => {
    if (!position.has(account.id)) position.set(account.id, index)
  })
  const unique = position.size === accounts.length ? accounts : firstOfEachId(accounts, position)
  // Keys computed once per flag, not once per comparison: the sort dominates when thousands are flagged.
  const keyed = rules
    .flatMap((rule) => rule(unique, settings))
    .map((flag) => ({
      flag,
      rank:
        (severityRank[flag.severity] * flagKinds.length + kindRank[flag.kind]) * (accounts.length + 1) +
        (position.get(flag.accountIds[0] ?? '') ?? accounts.length),
    }))
  keyed.sort(
    (a, b) =>
      a.rank - b.rank ||
      compareText(a.flag.phone ?? '', b.flag.phone ?? '') ||
      a.flag.accountIds.length - b.flag.accountIds.length ||
      compareText(a.flag.message, b.flag.message),
  )
  return keyed.map(({ flag }) => flag)
}

/** A record listed twice would otherwise share a phone number or secret with itself. */
function firstOfEachId(
  accounts: readonly RuleAccount[],
  position: ReadonlyMap<string, number>,
): RuleAccount[] {
  return accounts.filter((account, index) => position.get(account.id) === index)
}

const severityRank: Readonly<Record<FlagSeverity, number>> = { critical: 0, warning: 1, info: 2 }
const kindRank = Object.fromEntries(flagKinds.map((kind, index) => [kind, index])) as Record<FlagKind, number>

/** Code-unit order, not locale order: the same on every machine. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
