/**
 * Where providers post to a team's code inbox. These are not `teamApi` routes: the caller is a provider
 * (Twilio, Meta, an Android phone, a forwarder app), not a device, and each proves itself its own way
 * (see docs/inbox.md). The server answers `team:inbox-enable` with these paths under its public URL.
 */
import type { InboxProvider } from './team-api.ts'

export const INBOX_WEBHOOK_PATHS = {
  /** Programmable Messaging, SMS and WhatsApp: form-encoded, `X-Twilio-Signature`. */
  twilio: '/v1/inbox/:team/twilio',
  /** WhatsApp Business Cloud API: GET is the verification handshake, POST carries `X-Hub-Signature-256`. */
  'meta-whatsapp': '/v1/inbox/:team/meta-whatsapp',
  /**
   * A SIM in an Android phone: `X-Signature` (HMAC-SHA256 of body and `X-Timestamp`). Its payload does
   * not say which number received the SMS, so each number gets its own URL; `:line` is an opaque id
   * derived from the number's keyed hash, never the number.
   */
  'android-sms-gateway': '/v1/inbox/:team/android-sms-gateway/:line',
  /** Forwarder apps: plain JSON, the team's long random token in the path. */
  json: '/v1/inbox/:team/json/:token',
} as const satisfies Record<InboxProvider, string>

/** Request bodies larger than this are refused (413) before anything is read: no real message is near it. */
export const MAX_WEBHOOK_BODY_BYTES = 64 * 1024
/** A message's text longer than this is refused: SMS concatenation tops out at 1,600, WhatsApp at 4,096. */
export const MAX_INBOX_TEXT_CHARS = 4_096
/** android-sms-gateway's timestamp must be within this of the server's clock. */
export const ANDROID_GATEWAY_SKEW_MS = 5 * 60 * 1000
export const DEFAULT_INBOX_RETENTION_HOURS = 24

/** What every provider's webhook becomes before it is sealed: the plaintext no server table keeps. */
export interface InboxPlaintext {
  from: string
  /** The receiving number, E.164. */
  to: string
  body: string
  /** The provider's own time when it gives one, else the server's. */
  receivedAt: string
  provider: InboxProvider
  channel: 'sms' | 'whatsapp'
}
