import type { Client } from '../../../shared/domain/accounts.ts'
import type { InboxEntryView, InboxMatchView } from '../../../shared/domain/inbox-views.ts'
import type { Clipboard } from '../clipboard/clipboard.ts'
import { isTwofoldError, TwofoldError } from '../errors.ts'
import type { InboxEntry, InboxMatch } from '../inbox/inbox-entry.ts'
import { maskPhoneNumber } from '../phone/mask-phone.ts'
import type { Vault } from '../vault/vault.ts'
import type { Handlers } from './dispatcher.ts'

/** Reading the inbox; turning one on is inbox-setup-handlers.ts. */
type InboxChannels = 'inbox:list' | 'inbox:copy' | 'inbox:text'

/** What the windows need of the device's inbox: TeamService is one. */
export interface InboxReader {
  readonly joined: boolean
  /** Fetched from the server only when live sync is not keeping it current. */
  currentInbox(): Promise<InboxEntry[]>
  inboxText(messageId: string): Promise<string>
  reportInboxCodeCopied(messageId: string): Promise<void>
  onInboxChanged(listener: (fresh: InboxEntry[]) => void): () => void
}

export interface InboxHandlerParts {
  vault: Vault
  inbox: InboxReader
  clipboard: Clipboard
  clients: () => readonly Client[]
  /** An account's handle, or null when it is gone (deleted since the message came). */
  handleOf: (accountId: string) => string | null
  now: () => number
}

/**
 * The code inbox behind the IPC contract. Windows get each message's code and masked numbers; the
 * whole text only through `inbox:text`, and a code reaches the clipboard only from here, so it is
 * cleared like an app code and every copy is audited.
 */
export function inboxHandlers(parts: InboxHandlerParts): Pick<Handlers, InboxChannels> {
  const { vault, inbox, clipboard } = parts
  // The list as the server last gave it, so a code already on screen can still be copied while the
  // team server is out of reach. Held only while unlocked, like the device's own opened messages.
  let lastListed: readonly InboxEntry[] = []
  vault.onStateChanged((status) => {
    if (status.state !== 'unlocked') lastListed = []
  })
  async function entries(): Promise<readonly InboxEntry[]> {
    vault.requireUnlockedDatabase()
    if (!inbox.joined) return []
    try {
      lastListed = await inbox.currentInbox()
      return lastListed
    } catch (error) {
      if (!isTwofoldError(error, 'team-offline')) throw error
      const now = parts.now()
      return lastListed.filter((entry) => Date.parse(entry.expiresAt) > now)
    }
  }
  return {
    'inbox:list': async () => {
      const opened = await entries()
      const names = new Map(parts.clients().map((client) => [client.id, client.name]))
      return {
        entries: opened.map((entry) =>
          inboxEntryView(entry, names.get(entry.clientId) ?? '', parts.handleOf),
        ),
      }
    },
    'inbox:copy': async (request) => {
      const entry = (await entries()).find((each) => each.messageId === request.messageId)
      if (!entry) throw messageGone()
      if (entry.code === null)
        throw new TwofoldError('invalid-request', 'Twofold found no code in that message. Read its text.')
      await clipboard.writeText(entry.code)
      // The vault's audit entry is written before the team is told; a team server out of reach does
      // not undo a copy that happened (as for an app code copied offline).
      await inbox.reportInboxCodeCopied(entry.messageId).catch((error: unknown) => {
        if (!isTwofoldError(error) || !error.code.startsWith('team-')) throw error
      })
      return {}
    },
    'inbox:text': async (request) => {
      const entry = (await entries()).find((each) => each.messageId === request.messageId)
      if (!entry) throw messageGone()
      return { text: await inbox.inboxText(entry.messageId) }
    },
  }
}

function messageGone(): TwofoldError {
  return new TwofoldError(
    'invalid-request',
    'That message is no longer in the inbox: it expired, or this device no longer holds its client.',
  )
}

/** One entry as windows see it: numbers masked as everywhere else, the text left out. */
export function inboxEntryView(
  entry: InboxEntry,
  clientName: string,
  handleOf: (accountId: string) => string | null,
): InboxEntryView {
  return {
    messageId: entry.messageId,
    clientId: entry.clientId,
    clientName,
    provider: entry.provider,
    channel: entry.channel,
    receivedAt: entry.receivedAt,
    expiresAt: entry.expiresAt,
    from: maskedSender(entry.from),
    to: maskPhoneNumber(entry.to),
    code: entry.code,
    service: entry.service,
    match: matchView(entry.match, handleOf),
  }
}

function matchView(match: InboxMatch, handleOf: (accountId: string) => string | null): InboxMatchView {
  switch (match.kind) {
    case 'account': {
      const handle = handleOf(match.accountId)
      return handle === null ? { kind: 'none' } : { kind: 'account', accountId: match.accountId, handle }
    }
    case 'shared-phone':
      return {
        kind: 'shared-phone',
        accountIds: match.accountIds,
        handles: match.accountIds.flatMap((id) => handleOf(id) ?? []),
        phone: maskPhoneNumber(match.phone),
      }
    case 'none':
      return match
  }
}

/**
 * A person's number is masked; a service's short code ("32665") or sender name ("Instagram") is
 * public and tells the person who wrote, so it stays as it is.
 */
function maskedSender(from: string): string {
  const bare = from.replace(/^whatsapp:/i, '').trim()
  const digits = bare.replace(/\D/g, '')
  const looksLikeNumber = /^\+?[\d\s().-]+$/.test(bare) && digits.length >= 7
  return looksLikeNumber ? maskPhoneNumber(bare.startsWith('+') ? `+${digits}` : digits) : bare.slice(0, 60)
}
