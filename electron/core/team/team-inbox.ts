import type { TeamResponse } from '../../../shared/team/team-api.ts'
import { openAccountStore } from '../accounts/open-stores.ts'
import { TwofoldError } from '../errors.ts'
import { extractCode } from '../inbox/extract-code.ts'
import type { InboxEntry } from '../inbox/inbox-entry.ts'
import { matchInboxCode, type MatchableAccount } from '../inbox/match-inbox-code.ts'
import { fromBase64url } from './crypto/base64url.ts'
import { openInboxMessage } from './crypto/inbox-seal.ts'
import { openInboxKey } from './team-inbox-keys.ts'
import type { TeamParts, TeamSession } from './team-session.ts'

type InboxMessageView = TeamResponse<'team:inbox'>['messages'][number]

export interface OpenedInboxMessage {
  entry: InboxEntry
  /** The team's id of the client (the server's), for the audit report. */
  teamClientId: string
  body: string
  seq: number
}

/**
 * This process's view of the team's code inbox: messages fetched since it started, opened with the
 * inbox private keys of the clients this device holds. Everything opened — private keys, texts, codes
 * — lives in memory only and is wiped when the vault locks or live sync stops; nothing of it is ever
 * written to the vault or anywhere on disk (a code is worth minutes, a text may say more than a code).
 */
export class TeamInbox {
  readonly #parts: TeamParts
  /** Messages after this team sequence are the ones not fetched yet. */
  #cursor = 0
  /** Opened inbox private keys by their public key: messages name the key they were sealed to. */
  readonly #keys = new Map<string, Buffer>()
  readonly #opened = new Map<string, OpenedInboxMessage>()
  readonly #listeners = new Set<(fresh: InboxEntry[]) => void>()
  /** Fetches run one after another: live sync's and a window's must not open a message twice. */
  #queue: Promise<unknown> = Promise.resolve()
  #waiting = false
  /** Whether a fetch completed since the last wipe: before one, nothing here says what the server has. */
  #fetched = false

  constructor(parts: TeamParts) {
    this.#parts = parts
    parts.vault.onStateChanged((status) => {
      if (status.state !== 'unlocked') this.wipe()
    })
  }

  get listened(): boolean {
    return this.#listeners.size > 0
  }

  /**
   * Whether a fetch may bring more than the last one: it left messages waiting for a client key not
   * synced then, or the team's sequence has moved past where it stopped (`teamSeq`, a sync's).
   */
  behind(teamSeq: number): boolean {
    return !this.#fetched || this.#waiting || this.#cursor < teamSeq
  }

  /**
   * Hears each change of the entries: `fresh` lists the new ones, and is empty when only some went
   * away (the client's inbox turned off or the client taken back, or past the retention), so that a
   * window showing them re-reads the list.
   */
  onChanged(listener: (fresh: InboxEntry[]) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /** Fetches what arrived since the last fetch; tells the listeners of new messages. */
  refresh(session: TeamSession): Promise<InboxEntry[]> {
    const run = this.#queue.then(() => this.#refreshNow(session))
    this.#queue = run.catch(() => undefined)
    return run
  }

  /** Unexpired messages of clients this device still holds, newest first. */
  entries(session: TeamSession): InboxEntry[] {
    const held = session
      .store()
      .teamClients()
      .map((client) => client.teamClientId)
    // Other windows may still show what went: they hear of it too.
    if (this.#prune(new Set(held), null)) this.#tell([])
    return [...this.#opened.values()].sort(newestFirst).map((opened) => opened.entry)
  }

  /**
   * Forgets opened messages of clients no longer held, past the team's retention, or (`keyed`, the
   * clients the server lists an inbox key for) of a client whose inbox was turned off: gone here as on
   * the server. Whether any went.
   */
  #prune(held: ReadonlySet<string>, keyed: ReadonlySet<string> | null): boolean {
    const now = this.#parts.now()
    let gone = false
    for (const [messageId, opened] of this.#opened) {
      if (
        !held.has(opened.teamClientId) ||
        Date.parse(opened.entry.expiresAt) <= now ||
        (keyed !== null && !keyed.has(opened.teamClientId))
      ) {
        this.#opened.delete(messageId)
        gone = true
      }
    }
    return gone
  }

  #tell(fresh: InboxEntry[]): void {
    for (const listener of this.#listeners) {
      try {
        listener(fresh)
      } catch {
        // One window's failing listener must not keep the codes from the others.
      }
    }
  }

  has(messageId: string): boolean {
    return this.#opened.has(messageId)
  }

  /** The message as this device opened it, or a clear refusal when it expired or never came here. */
  opened(messageId: string): OpenedInboxMessage {
    const opened = this.#opened.get(messageId)
    if (!opened || Date.parse(opened.entry.expiresAt) <= this.#parts.now())
      throw new TwofoldError(
        'invalid-request',
        'That inbox message is not here: it expired, or it is for a client this device does not hold.',
      )
    return opened
  }

  /** Forgets every opened key and message: the vault locked, or live sync stopped. */
  wipe(): void {
    for (const key of this.#keys.values()) key.fill(0)
    this.#keys.clear()
    this.#opened.clear()
    this.#cursor = 0
    this.#waiting = false
    this.#fetched = false
  }

  async #refreshNow(session: TeamSession): Promise<InboxEntry[]> {
    const answer = await fetchAll(session, this.#cursor)
    /** Keys this device cannot open yet: their client key version has not been synced here. */
    const notYet = new Set<string>()
    for (const key of answer.keys) {
      if (this.#keys.has(key.publicKey)) continue
      const opened = openInboxKey(session, key)
      if (opened) this.#keys.set(key.publicKey, opened)
      else if (!session.store().hasClientKey(key.clientId, key.keyVersion)) notYet.add(key.publicKey)
    }
    const store = session.store()
    const clients = new Map(store.teamClients().map((client) => [client.teamClientId, client.clientId]))
    // Read once, and only when there is something to match: a vault may hold thousands of accounts.
    let accounts: (MatchableAccount & { clientId: string | null })[] | undefined
    const accountsOf = (clientId: string) => {
      accounts ??= openAccountStore(this.#parts.vault, this.#parts.audit, this.#parts.now).list()
      return accounts.filter((account) => account.clientId === clientId)
    }
    const fresh: OpenedInboxMessage[] = []
    // A message sealed to a key this device cannot open yet is asked for again at the next fetch; one
    // sealed to a key replaced before this process saw it (a rotation) opens nowhere any more.
    let waitFrom: number | null = null
    for (const message of answer.messages) {
      if (this.#opened.has(message.messageId)) continue
      const clientId = clients.get(message.clientId)
      const privateKey = this.#keys.get(message.publicKey)
      if (!clientId || !privateKey) {
        if (notYet.has(message.publicKey)) waitFrom = Math.min(waitFrom ?? message.seq, message.seq)
        continue
      }
      const opened = await openOne(session, message, privateKey, clientId, accountsOf)
      if (opened) fresh.push(opened)
    }
    // Written only now, after the awaits: a lock meanwhile wiped this memory and must stay wiped.
    if (!this.#parts.vault.isUnlocked) return []
    // The server lists every held client's inbox key: one no longer listed was turned off, and its
    // messages (deleted there) go here too.
    const keyed = new Set(answer.keys.map((key) => key.clientId))
    const held = session
      .store()
      .teamClients()
      .map((client) => client.teamClientId)
    const gone = this.#prune(new Set(held), keyed)
    for (const opened of fresh) this.#opened.set(opened.entry.messageId, opened)
    this.#cursor = waitFrom === null ? Math.max(this.#cursor, answer.seq) : waitFrom - 1
    this.#waiting = waitFrom !== null
    this.#fetched = true
    const entries = fresh.sort(newestFirst).map((opened) => opened.entry)
    if (entries.length > 0 || gone) this.#tell(entries)
    return entries
  }
}

/**
 * Everything after `cursor`, page after page: the server answers a page at a time and says `more`
 * when it held messages back, with the last sent message's seq to ask on from. The keys are the last
 * page's (the freshest list); the messages all pages' in order.
 */
async function fetchAll(session: TeamSession, cursor: number): Promise<TeamResponse<'team:inbox'>> {
  let since = cursor
  let answer = await session.call('team:inbox', { query: { since } })
  const messages = [...answer.messages]
  while (answer.more && answer.seq > since) {
    since = answer.seq
    answer = await session.call('team:inbox', { query: { since } })
    messages.push(...answer.messages)
  }
  return { ...answer, messages }
}

async function openOne(
  session: TeamSession,
  message: InboxMessageView,
  privateKey: Buffer,
  clientId: string,
  accountsOf: (clientId: string) => MatchableAccount[],
): Promise<OpenedInboxMessage | null> {
  let plaintext
  try {
    plaintext = await openInboxMessage(
      privateKey,
      { teamId: session.teamId, clientId: message.clientId, messageId: message.messageId },
      fromBase64url(message.sealed, 'sealed inbox message'),
    )
  } catch {
    // Altered or moved on the server: there is nothing trustworthy to show.
    return null
  }
  const extracted = extractCode(plaintext.body, { from: plaintext.from })
  const service = extracted?.service ?? null
  const match = matchInboxCode(
    { to: plaintext.to, channel: plaintext.channel, service },
    accountsOf(clientId),
  )
  return {
    teamClientId: message.clientId,
    body: plaintext.body,
    seq: message.seq,
    entry: {
      messageId: message.messageId,
      clientId,
      provider: plaintext.provider,
      channel: plaintext.channel,
      receivedAt: plaintext.receivedAt,
      expiresAt: message.expiresAt,
      from: plaintext.from,
      to: plaintext.to,
      code: extracted?.code ?? null,
      service,
      match,
    },
  }
}

function newestFirst(a: OpenedInboxMessage, b: OpenedInboxMessage): number {
  return Date.parse(b.entry.receivedAt) - Date.parse(a.entry.receivedAt) || b.seq - a.seq
}

/**
 * An inbox code was copied (or shown, in the CLI): the vault's audit log records it as a code copy of
 * the matched account, like an app code; the team's audit log hears of it only when the code was
 * matched to one account (a shared-phone code names no account the server could record). Rejects when
 * the server could not be told; the local entry is written first either way.
 */
export async function reportInboxCopy(session: TeamSession, opened: OpenedInboxMessage): Promise<void> {
  const { match, channel } = opened.entry
  const accountId = match.kind === 'account' ? match.accountId : null
  session.parts.audit.log().append('code.copied', accountId, `${channel} code from the team inbox`)
  if (accountId === null) return
  await session.call('team:report', {
    body: { kind: 'inbox-code-copied', clientId: opened.teamClientId, accountId },
  })
}
