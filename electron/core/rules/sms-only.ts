import type { PostureFlag } from '../../../shared/domain/flags.ts'
import { accountName, type RuleAccount } from './rule-account.ts'

/**
 * `sms-only`: every enabled method sends its code to a phone number, so whoever takes over the SIM
 * (a SIM swap, a ported number) receives the codes. WhatsApp counts as a phone method too: WhatsApp
 * is registered again by an SMS to the same number, so SMS + WhatsApp, or WhatsApp alone, is no
 * safer than SMS alone. One kind covers all three; the message says which methods they are.
 */
export function smsOnlyFlags(accounts: readonly RuleAccount[]): PostureFlag[] {
  const flags: PostureFlag[] = []
  for (const account of accounts) {
    const { authenticator, sms, whatsapp } = account.methods
    if (authenticator?.enabled === true) continue
    const bySms = sms?.enabled === true
    const byWhatsapp = whatsapp?.enabled === true
    if (!bySms && !byWhatsapp) continue
    const channels = bySms && byWhatsapp ? 'by SMS and WhatsApp' : bySms ? 'by SMS' : 'on WhatsApp'
    flags.push({
      kind: 'sms-only',
      severity: 'warning',
      accountIds: [account.id],
      message: `${accountName(account)} gets its codes only ${channels}, which a SIM swap hands to whoever takes the number; add an authenticator app.`,
    })
  }
  return flags
}
