import { z } from 'zod'
import { inboxChannelSchema, inboxProviderSchema } from '../team/team-api.ts'

/**
 * How long after it arrived an inbox code counts as fresh: shown on its account's row, listed first
 * in the popup. Services' SMS codes last about ten minutes; an older one is history, not a code to type.
 */
export const FRESH_INBOX_CODE_MS = 10 * 60_000

/** Which account a received code is for, as a window shows it: numbers masked, accounts by id. */
export const inboxMatchViewSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('account'), accountId: z.string(), handle: z.string() }),
  /** The receiving number protects several accounts: Twofold says so rather than guess. */
  z.strictObject({
    kind: z.literal('shared-phone'),
    accountIds: z.array(z.string()).max(1_000),
    handles: z.array(z.string()).max(1_000),
    phone: z.string(),
  }),
  z.strictObject({ kind: z.literal('none') }),
])
export type InboxMatchView = z.infer<typeof inboxMatchViewSchema>

/**
 * One received message as the window lists it: the code (the person holds the client, and the row
 * shows it like an app code), who sent it and for which account — never the message's full text,
 * which `inbox:text` gives on request.
 */
export const inboxEntryViewSchema = z.strictObject({
  messageId: z.string(),
  clientId: z.string(),
  clientName: z.string(),
  provider: inboxProviderSchema,
  channel: inboxChannelSchema,
  receivedAt: z.string(),
  expiresAt: z.string(),
  /** The sender: a phone number masked as numbers are elsewhere; a service's short code or name as is. */
  from: z.string(),
  /** The receiving number, masked. */
  to: z.string(),
  code: z.string().nullable(),
  /** The service whose wording the message has (instagram, whatsapp, …), when known. */
  service: z.string().nullable(),
  match: inboxMatchViewSchema,
})
export type InboxEntryView = z.infer<typeof inboxEntryViewSchema>

/** Fresh: received under FRESH_INBOX_CODE_MS ago, not expired, and carrying a code. */
export function isFreshInboxCode(entry: InboxEntryView, now: number): boolean {
  if (entry.code === null) return false
  const received = Date.parse(entry.receivedAt)
  return now - received < FRESH_INBOX_CODE_MS && Date.parse(entry.expiresAt) > now
}

/** "SMS" or "WhatsApp", as the rows and notifications name a channel. */
export function inboxChannelLabel(channel: InboxEntryView['channel']): string {
  return channel === 'whatsapp' ? 'WhatsApp' : 'SMS'
}
