import type { InboxProvider } from '../../../shared/team/team-api.ts'
import { TwofoldError } from '../errors.ts'
import { teamClientNamed } from './team-admin.ts'
import type { TeamSession } from './team-session.ts'

/** One client's code inbox as an admin checks it. */
export interface InboxClientStatus {
  /** The client's name in this vault, or its team id when this device cannot name it. */
  name: string
  /** The team's (server's) id of the client. */
  teamClientId: string
  /** This vault's id of the client; null when this device does not have it. */
  clientId: string | null
  /** Registered receiving numbers. */
  numbers: number
  /** Unexpired messages the server keeps for it. */
  messages: number
  /** The newest of those (ISO); null when none is kept. */
  lastReceivedAt: string | null
}

/** Whether the team's code inbox works: what an admin reads to find a number nobody registered. */
export interface InboxStatus {
  /** How long the team's messages are kept. */
  retentionHours: number
  /** The clients with an inbox, by name. */
  clients: InboxClientStatus[]
  /** Messages to numbers no client registered, per provider: counted by the server, never stored. */
  dropped: { provider: InboxProvider; count: number; lastAt: string }[]
}

/** The team's inbox status, its clients named as this vault names them (admins). */
export async function inboxStatus(session: TeamSession): Promise<InboxStatus> {
  session.requireAdmin("see the code inbox's status")
  const answer = await session.call('team:inbox-status', {})
  const store = session.store()
  const localName = store.db.prepare('SELECT name FROM clients WHERE id = ?').pluck()
  const clients = answer.clients.map((client): InboxClientStatus => {
    const local = store.teamClient(client.clientId)
    const name = local ? (localName.get(local.clientId) as string | undefined) : undefined
    return {
      name: name ?? client.clientId,
      teamClientId: client.clientId,
      clientId: local?.clientId ?? null,
      numbers: client.numbers,
      messages: client.messages,
      lastReceivedAt: client.lastReceivedAt,
    }
  })
  return {
    retentionHours: answer.retentionHours,
    clients: clients.sort((a, b) => a.name.localeCompare(b.name)),
    dropped: answer.dropped,
  }
}

/**
 * Turns a client's code inbox off (admins): the server deletes its numbers, inbox key and stored
 * messages. Messages to those numbers are dropped from then on; enabling again makes a new key.
 */
export async function disableInbox(
  session: TeamSession,
  clientName: string,
): Promise<{ numbers: number; messages: number }> {
  session.requireAdmin("turn a client's code inbox off")
  const clientId = teamClientNamed(session, clientName)
  // Asked first: the server's refusal would only say it does not know the client.
  const status = await session.call('team:inbox-status', {})
  if (!status.clients.some((client) => client.clientId === clientId))
    throw new TwofoldError('invalid-request', `${clientName.trim()} has no code inbox to turn off.`)
  const answer = await session.call('team:inbox-disable', { params: { client: clientId }, body: {} })
  return { numbers: answer.numbers, messages: answer.messages }
}

/**
 * A new json forwarder URL for the team (admins): the old one is refused from now on. For after
 * removing someone who saw it, or losing a forwarder; other providers' URLs stay as they are.
 */
export async function rotateInboxToken(session: TeamSession): Promise<{ url: string }> {
  session.requireAdmin("rotate the code inbox's json forwarder URL")
  const answer = await session.call('team:inbox-rotate-token', { body: {} })
  const json = answer.webhooks.find((webhook) => webhook.provider === 'json')
  if (!json) throw new TwofoldError('team-refused', 'The server answered without the new json forwarder URL.')
  return { url: json.url }
}
