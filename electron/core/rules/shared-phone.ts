import type { PostureFlag } from '../../../shared/domain/flags.ts'
import { maskPhoneNumber } from '../phone/mask-phone.ts'
import {
  enabledPhoneNumbers,
  nameList,
  plural,
  presetOf,
  type RuleAccount,
  serviceName,
} from './rule-account.ts'

/**
 * `shared-phone`: one number receives the SMS or WhatsApp codes of several accounts.
 *
 * For each shared number, accounts are grouped by service (the platform, or the issuer for accounts
 * of other services). Every service with two or more of them gets one flag: a warning where the
 * platform lets a number protect only one account (the codes go to whichever account claimed the
 * number last), info where it allows sharing. A number spanning two or more services also gets one
 * info flag naming all its accounts, since whoever holds that SIM can reset every one of them — so
 * every account on a shared number is named in at least one flag.
 *
 * Numbers are compared as stored (E.164) and shown masked, as windows show them until asked.
 */
export function sharedPhoneFlags(accounts: readonly RuleAccount[]): PostureFlag[] {
  const flags: PostureFlag[] = []
  for (const [phone, sharers] of accountsByNumber(accounts)) {
    const byService = groupByService(sharers)
    const masked = maskPhoneNumber(phone)
    for (const group of byService.values()) {
      if (group.length >= 2) flags.push(samePlatformFlag(phone, masked, group))
    }
    if (byService.size >= 2) flags.push(crossPlatformFlag(phone, masked, sharers, byService))
  }
  return flags
}

/**
 * A number's only account is kept bare and an array made on the second: most numbers are not
 * shared, and thousands of one-element arrays would be most of this rule's cost.
 */
function accountsByNumber(accounts: readonly RuleAccount[]): Map<string, RuleAccount[]> {
  const byNumber = new Map<string, RuleAccount | RuleAccount[]>()
  const shared = new Map<string, RuleAccount[]>()
  const add = (phone: string, account: RuleAccount): void => {
    const earlier = byNumber.get(phone)
    if (earlier === undefined) {
      byNumber.set(phone, account)
    } else if (Array.isArray(earlier)) {
      earlier.push(account)
    } else {
      const sharers = [earlier, account]
      byNumber.set(phone, sharers)
      shared.set(phone, sharers)
    }
  }
  for (const account of accounts) {
    const [first, second] = enabledPhoneNumbers(account)
    if (first !== undefined) add(first, account)
    if (second !== undefined) add(second, account)
  }
  return shared
}

function groupByService(accounts: readonly RuleAccount[]): Map<string, RuleAccount[]> {
  const groups = new Map<string, RuleAccount[]>()
  for (const account of accounts) {
    const key =
      account.platform === 'generic' ? `generic:${account.issuer.trim().toLowerCase()}` : account.platform
    const group = groups.get(key)
    if (group === undefined) groups.set(key, [account])
    else group.push(account)
  }
  return groups
}

function samePlatformFlag(phone: string, masked: string, group: readonly RuleAccount[]): PostureFlag {
  const first = group[0] as RuleAccount
  const service = serviceName(first)
  const exclusive = presetOf(first).onePhonePerAccount
  const accounts = `${plural(group.length, 'account', 'accounts')} on ${service}`
  return {
    kind: 'shared-phone',
    severity: exclusive ? 'warning' : 'info',
    accountIds: group.map((account) => account.id),
    phone,
    message: exclusive
      ? `${masked} is the 2FA number of ${accounts}; ${service} lets a number protect only one account, so codes go to whichever account claimed it last.`
      : `${masked} is the 2FA number of ${accounts}; ${service} allows that, but whoever holds that SIM receives the codes of all of them.`,
  }
}

function crossPlatformFlag(
  phone: string,
  masked: string,
  sharers: readonly RuleAccount[],
  byService: ReadonlyMap<string, readonly RuleAccount[]>,
): PostureFlag {
  const services = [...byService.values()].map((group) => serviceName(group[0] as RuleAccount))
  return {
    kind: 'shared-phone',
    severity: 'info',
    accountIds: sharers.map((account) => account.id),
    phone,
    message: `${masked} is the 2FA number of ${sharers.length} accounts across ${nameList(services)}; whoever holds that SIM receives the codes of all of them.`,
  }
}
