import type { InboxSetupPreview } from '../../../shared/domain/inbox-setup-views.ts'
import { e164Number, type InboxChannel } from '../../../shared/team/team-api.ts'
import { maskPhoneNumber } from '../phone/mask-phone.ts'

interface NumberedAccount {
  readonly handle: string
  readonly methods: {
    readonly sms: { readonly phone: string } | null
    readonly whatsapp: { readonly phone: string } | null
  }
}

/**
 * What enabling a client's inbox would register, for the admin to check first: each number once
 * (masked, as windows show numbers) with the accounts it belongs to, and the accounts whose number
 * is not international — `inboxNumbersOf` refuses those, so the dialog names them beforehand.
 */
export function inboxSetupPreview(
  clientName: string,
  accounts: readonly NumberedAccount[],
): InboxSetupPreview {
  const numbers = new Map<string, { channels: Set<InboxChannel>; accounts: Set<string> }>()
  const unusable: InboxSetupPreview['unusable'] = []
  for (const account of accounts) {
    const methods = [
      ['sms', account.methods.sms],
      ['whatsapp', account.methods.whatsapp],
    ] as const
    for (const [channel, method] of methods) {
      if (!method) continue
      // The same normalising inboxNumbersOf does before registering.
      const phone = method.phone.replace(/[\s\-().]/g, '')
      if (!e164Number.safeParse(phone).success) {
        unusable.push({ account: account.handle, number: maskPhoneNumber(phone) })
        continue
      }
      const entry = numbers.get(phone) ?? { channels: new Set(), accounts: new Set() }
      entry.channels.add(channel)
      entry.accounts.add(account.handle)
      numbers.set(phone, entry)
    }
  }
  return {
    clientName,
    numbers: [...numbers].map(([phone, entry]) => ({
      number: maskPhoneNumber(phone),
      channels: [...entry.channels],
      accounts: [...entry.accounts],
    })),
    unusable,
  }
}
