import { e164Number } from '../../../shared/team/team-api.ts'
import { TwofoldError } from '../errors.ts'

interface NumberedAccount {
  readonly handle: string
  readonly methods: {
    readonly sms: { readonly phone: string } | null
    readonly whatsapp: { readonly phone: string } | null
  }
}

/**
 * Every SMS and WhatsApp number of a client's accounts, each once: the numbers its inbox receives on.
 * A number that is not E.164 is refused by name rather than left out, since a code sent to it would be
 * dropped by the server without anyone knowing why.
 */
export function inboxNumbersOf(clientName: string, accounts: readonly NumberedAccount[]): string[] {
  const numbers = new Set<string>()
  for (const account of accounts) {
    for (const method of [account.methods.sms, account.methods.whatsapp]) {
      if (!method) continue
      const phone = method.phone.replace(/[\s\-().]/g, '')
      if (!e164Number.safeParse(phone).success)
        throw new TwofoldError(
          'invalid-phone',
          `The number of ${account.handle || 'an account'} in ${clientName} is not written as an international number (+ and country code); fix it and enable the inbox again.`,
        )
      numbers.add(phone)
    }
  }
  if (numbers.size === 0)
    throw new TwofoldError(
      'invalid-request',
      `No account of ${clientName} has an SMS or WhatsApp number: add the number its codes go to, then enable the inbox.`,
    )
  return [...numbers]
}
