import type { PlatformId } from '../../../shared/domain/platforms.ts'
import type { InboxChannel } from '../../../shared/team/team-api.ts'
import type { CodeSender, InboxMatch } from './inbox-entry.ts'

/** What matching needs of an account: an AccountSummary is one. */
export interface MatchableAccount {
  readonly id: string
  readonly platform: PlatformId
  readonly methods: {
    readonly sms: { readonly phone: string } | null
    readonly whatsapp: { readonly phone: string } | null
  }
}

export interface ReceivedCode {
  /** The number that received the message (E.164). */
  to: string
  channel: InboxChannel
  /** The service the extractor recognised, if any. */
  service: CodeSender | null
}

/** The services whose codes guard an account of that platform ('whatsapp' guards none: see below). */
const PLATFORM_OF_SERVICE: Readonly<Record<CodeSender, PlatformId | null>> = {
  instagram: 'instagram',
  facebook: 'facebook',
  tiktok: 'tiktok',
  x: 'x',
  google: 'google',
  // WhatsApp's own code registers WhatsApp on the number: it signs in to none of the accounts.
  whatsapp: null,
}

/**
 * Which account a received code belongs to. A number is an account's when it is that account's SMS
 * number (an SMS) or WhatsApp number (a WhatsApp message), and whose platform fits the service the
 * message names (any, when none is recognised). One such account: that one. Several (the
 * platform allows one number per account, but not across platforms, and people reuse numbers): the
 * service named by the message picks among them; when it cannot, `shared-phone` says so rather than
 * guessing, because copying the wrong account's code locks nobody out but misleads the person.
 */
export function matchInboxCode(received: ReceivedCode, accounts: readonly MatchableAccount[]): InboxMatch {
  if (received.service === 'whatsapp') return { kind: 'none' }
  const to = comparablePhone(received.to)
  const onNumber = accounts.filter((account) => {
    const method = received.channel === 'sms' ? account.methods.sms : account.methods.whatsapp
    return method !== null && comparablePhone(method.phone) === to
  })
  if (onNumber.length === 0) return { kind: 'none' }
  // Checked even when one account has the number: a Google code reaching an Instagram-only number is
  // some other login's (a reused or recycled number), and pinning it on that row would mislead.
  const platform = received.service ? PLATFORM_OF_SERVICE[received.service] : null
  const candidates = platform ? onNumber.filter((account) => account.platform === platform) : onNumber
  const [narrowed] = candidates
  if (candidates.length === 1 && narrowed) return { kind: 'account', accountId: narrowed.id }
  // The message names a service none of these accounts is on: it is not any of theirs.
  if (candidates.length === 0) return { kind: 'none' }
  return { kind: 'shared-phone', accountIds: candidates.map((account) => account.id), phone: received.to }
}

/** Stored numbers are E.164 already; spaces, dashes and brackets a person typed elsewhere do not count. */
function comparablePhone(phone: string): string {
  return phone.replace(/[\s\-().]/g, '')
}
