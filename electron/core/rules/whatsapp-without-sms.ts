import type { PostureFlag } from '../../../shared/domain/flags.ts'
import { accountName, presetOf, type RuleAccount, serviceName } from './rule-account.ts'

/**
 * `whatsapp-without-sms`: a state the platform does not allow, so our record of the account is wrong
 * and the person may be relying on a method that is no longer there.
 */
export function whatsappWithoutSmsFlags(accounts: readonly RuleAccount[]): PostureFlag[] {
  const flags: PostureFlag[] = []
  for (const account of accounts) {
    const { sms, whatsapp } = account.methods
    if (!presetOf(account).whatsappRequiresSms || whatsapp?.enabled !== true || sms?.enabled === true)
      continue
    const service = serviceName(account)
    flags.push({
      kind: 'whatsapp-without-sms',
      severity: 'warning',
      accountIds: [account.id],
      message: `${accountName(account)} has WhatsApp codes on but SMS off, which ${service} does not allow; check the account on ${service} and update it here.`,
    })
  }
  return flags
}
