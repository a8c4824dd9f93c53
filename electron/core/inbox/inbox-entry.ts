import type { InboxChannel, InboxProvider } from '../../../shared/team/team-api.ts'

/** The services whose code messages the extractor knows by their wording. */
export type CodeSender = 'instagram' | 'facebook' | 'whatsapp' | 'tiktok' | 'x' | 'google'

/** What the extractor found in one message's text. */
export interface ExtractedCode {
  /** The code as digits only (a "123 456" or "123-456" in the text gives "123456"). */
  code: string
  /** Whose message it is, when the wording or the sender says so. */
  service: CodeSender | null
  /** From a service's known wording, or from the careful digits fallback. */
  how: 'service-format' | 'fallback'
}

/**
 * Which account a received code belongs to. `shared-phone`: the receiving number is the SMS or
 * WhatsApp number of several accounts and nothing in the message tells them apart, so Twofold says so
 * instead of guessing.
 */
export type InboxMatch =
  | { kind: 'account'; accountId: string }
  | { kind: 'shared-phone'; accountIds: string[]; phone: string }
  | { kind: 'none' }

/** One received message as this device opened it: kept in memory only, never written to disk. */
export interface InboxEntry {
  messageId: string
  /** The local client id of the team client whose number received it. */
  clientId: string
  provider: InboxProvider
  channel: InboxChannel
  /** The provider's time, else the server's. */
  receivedAt: string
  expiresAt: string
  from: string
  /** The receiving number (E.164). */
  to: string
  code: string | null
  service: CodeSender | null
  match: InboxMatch
}
