import { FRESH_INBOX_CODE_MS, inboxChannelLabel } from '../../../shared/domain/inbox-views.ts'
import { maskPhoneNumber } from '../phone/mask-phone.ts'
import type { InboxEntry } from './inbox-entry.ts'

export interface InboxNotice {
  title: string
  body: string
}

/** At most this many notifications for one change: a burst of codes is one "several codes" notice. */
const MAX_SEPARATE_NOTICES = 3

/**
 * The desktop notifications for messages just opened: one per new code on an account this person
 * holds, naming the account and never the code — notifications show on a locked screen and in the
 * notification history. Messages that arrived long ago (the backlog opened at unlock) and messages
 * without a code notify nobody.
 */
export function inboxNotices(
  fresh: readonly InboxEntry[],
  handleOf: (accountId: string) => string | null,
  now: number,
): InboxNotice[] {
  const notices: InboxNotice[] = []
  for (const entry of fresh) {
    if (entry.code === null || now - Date.parse(entry.receivedAt) >= FRESH_INBOX_CODE_MS) continue
    const channel = inboxChannelLabel(entry.channel)
    const { match } = entry
    if (match.kind === 'account') {
      const handle = handleOf(match.accountId)
      if (handle === null) continue
      notices.push({ title: `${channel} code for ${handle}`, body: 'Open Twofold to copy it.' })
    } else if (match.kind === 'shared-phone') {
      notices.push({
        title: `${channel} code for ${maskPhoneNumber(match.phone)}`,
        body: `That number is shared by ${match.accountIds.length} accounts. Open Twofold to see it.`,
      })
    }
  }
  if (notices.length <= MAX_SEPARATE_NOTICES) return notices
  return [{ title: `${notices.length} new codes`, body: 'Open Twofold to copy them.' }]
}
