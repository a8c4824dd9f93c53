import { z } from 'zod'
import { inboxChannelSchema, inboxProviderSchema } from '../team/team-api.ts'

/** Retention the server applies when the admin sets none (docs/inbox.md). */
export const DEFAULT_INBOX_RETENTION_HOURS = 24

/** One number a client's inbox would receive on, as the set-up dialog shows it: masked, with its accounts. */
export const inboxSetupNumberSchema = z.strictObject({
  /** Masked as numbers are elsewhere in the windows. */
  number: z.string(),
  channels: z.array(inboxChannelSchema).max(2),
  /** Handles of the client's accounts that use this number for SMS or WhatsApp codes. */
  accounts: z.array(z.string()).max(1_000),
})

/**
 * What enabling a client's inbox would register, before anything leaves this computer: the numbers,
 * and the accounts whose number is not written internationally (the server would drop their codes).
 */
export const inboxSetupPreviewSchema = z.strictObject({
  clientName: z.string(),
  numbers: z.array(inboxSetupNumberSchema).max(1_000),
  /** Accounts whose SMS or WhatsApp number is not E.164: enabling is refused until they are fixed. */
  unusable: z.array(z.strictObject({ account: z.string(), number: z.string() })).max(1_000),
})
export type InboxSetupPreview = z.infer<typeof inboxSetupPreviewSchema>

/**
 * A webhook URL as the window shows it. The json URL carries the team's forwarder token, so the window
 * gets it with the token masked and asks main to copy the real one (`inbox:copy-webhook`).
 */
export const inboxWebhookViewSchema = z.strictObject({
  provider: inboxProviderSchema,
  /** The URL to show; the json one with its token masked. */
  url: z.string().max(2_000),
  /** Whether `url` hides part of the real one (main copies the real one). */
  masked: z.boolean(),
})
export type InboxWebhookView = z.infer<typeof inboxWebhookViewSchema>

export const inboxEnabledViewSchema = z.strictObject({
  numbers: z.number().int().nonnegative(),
  retentionHours: z.number().int().min(1).max(720),
  webhooks: z.array(inboxWebhookViewSchema).max(1_000),
})
export type InboxEnabledView = z.infer<typeof inboxEnabledViewSchema>
