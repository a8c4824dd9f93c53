import { randomUUID } from 'node:crypto'
import type pg from 'pg'
import { DEFAULT_INBOX_RETENTION_HOURS, type InboxPlaintext } from '../../../shared/team/inbox-webhooks.ts'
import type { InboxChannel, InboxProvider } from '../../../shared/team/team-api.ts'
import { sealInboxMessage } from '../../core/team/crypto/inbox-seal.ts'
import { withTeamTransaction } from '../database/team-transaction.ts'
import { TeamTx } from '../team/team-tx.ts'
import type { InboxService } from './inbox-service.ts'
import { rememberMessage, sweepInbox } from './inbox-sweep.ts'
import { trustedReceivedAt } from './received-at.ts'

/** One message as a provider's webhook gave it, checked and in the server's hands for a moment. */
export interface ReceivedMessage {
  provider: InboxProvider
  channel: InboxChannel
  /** The provider's id of the message: the same id again is a retry. */
  providerMessageId: string
  /** The receiving number (E.164), or for android-sms-gateway the URL's line. */
  receiver: { number: string } | { line: string }
  from: string
  body: string
  /** The provider's own time (ISO), when it gave one: a claim (trustedReceivedAt). */
  receivedAt?: string
}

export type Delivery = 'stored' | 'duplicate' | 'unknown-number' | 'unknown-team' | 'rotated'

/** A team transaction as the receiver: it may see every client's inbox key and messages of the team. */
function asReceiver<T>(pool: pg.Pool, teamId: string, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  return withTeamTransaction(pool, { teamId, memberId: null }, async (client) => {
    await client.query("SELECT set_config('twofold.inbox_receiver', 'on', true)")
    return fn(client)
  })
}

/** Whether the team exists: a webhook for another answers as a bad signature does. */
export async function teamExists(pool: pg.Pool, teamId: string): Promise<boolean> {
  return asReceiver(pool, teamId, async (client) => {
    const rows = await client.query('SELECT 1 FROM teams WHERE id = $1', [teamId])
    return rows.rowCount === 1
  })
}

/** The team's json token generation (0 before any rotation, and for a team that is not here). */
export async function jsonTokenGeneration(pool: pg.Pool, teamId: string): Promise<number> {
  return asReceiver(pool, teamId, async (client) => {
    const rows = await client.query<{ json_token_generation: number }>(
      'SELECT json_token_generation FROM inbox_settings WHERE team_id = $1',
      [teamId],
    )
    return rows.rows[0]?.json_token_generation ?? 0
  })
}

/**
 * Seals one message to the inbox key of the client whose number received it and stores it with a
 * fresh team sequence number (connected devices hear of it at commit). A number no client registered
 * is counted, not stored; a provider id the team received before (inbox_seen_messages, kept well past
 * any retention) is a retry or a replay, not stored. Whatever the outcome, the team's expired messages
 * are swept in the same transaction.
 */
export async function receiveMessage(
  pool: pg.Pool,
  inbox: InboxService,
  teamId: string,
  message: ReceivedMessage,
  now: Date,
  /** The json token generation the post's token was checked against: 'rotated' when it is no longer. */
  checkedTokenGeneration?: number,
): Promise<Delivery> {
  return asReceiver(pool, teamId, async (client) => {
    const tx = new TeamTx({ sql: client, teamId, now })
    if (!(await tx.lockTeam())) return 'unknown-team'
    // A rotation takes the team's lock too: a post checked just before it committed is not stored after.
    if (checkedTokenGeneration !== undefined) {
      const current = await tx.query<{ json_token_generation: number }>(
        'SELECT json_token_generation FROM inbox_settings WHERE team_id = $1',
        [teamId],
      )
      if ((current[0]?.json_token_generation ?? 0) !== checkedTokenGeneration) return 'rotated'
    }
    await sweepInbox(tx, now)
    const receiver = await findReceiver(tx, inbox, message)
    if (!receiver) {
      await tx.query(
        `INSERT INTO inbox_drops (team_id, provider, unknown_number, last_at) VALUES ($1, $2, 1, $3)
         ON CONFLICT (team_id, provider)
         DO UPDATE SET unknown_number = inbox_drops.unknown_number + 1, last_at = $3`,
        [teamId, message.provider, now],
      )
      return 'unknown-number'
    }
    const providerHash = inbox.keys.providerMessageHash(teamId, message.provider, message.providerMessageId)
    // Every writer of the team holds its lock: no second copy of this message can be stored meanwhile.
    if (!(await rememberMessage(tx, message.provider, providerHash, now))) return 'duplicate'

    const settings = await tx.query<{ retention_hours: number }>(
      'SELECT retention_hours FROM inbox_settings WHERE team_id = $1',
      [teamId],
    )
    const retentionHours = settings[0]?.retention_hours ?? DEFAULT_INBOX_RETENTION_HOURS
    const messageId = randomUUID()
    const plaintext: InboxPlaintext = {
      from: message.from,
      to: receiver.number,
      body: message.body,
      receivedAt: trustedReceivedAt(message.receivedAt, now),
      provider: message.provider,
      channel: message.channel,
    }
    const sealed = await sealInboxMessage(
      receiver.publicKey,
      { teamId, clientId: receiver.clientId, messageId },
      plaintext,
    )
    const seq = tx.takeSeq()
    await tx.query(
      `INSERT INTO inbox_messages (team_id, id, client_id, provider, channel, provider_message_hash,
         public_key, sealed, received_at, expires_at, seq)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        teamId,
        messageId,
        receiver.clientId,
        message.provider,
        message.channel,
        providerHash,
        receiver.publicKey,
        sealed,
        now,
        new Date(now.getTime() + retentionHours * 3_600_000),
        seq,
      ],
    )
    await tx.finish()
    return 'stored'
  })
}

/** The client (and its inbox key) the message's number belongs to, with the number itself. */
async function findReceiver(
  tx: TeamTx,
  inbox: InboxService,
  message: ReceivedMessage,
): Promise<{ clientId: string; publicKey: Buffer; number: string } | undefined> {
  const byNumber = 'number' in message.receiver
  const rows = await tx.query<{
    client_id: string
    public_key: Buffer
    number_hash: Buffer
    sealed_number: Buffer
  }>(
    `SELECT n.client_id, k.public_key, n.number_hash, n.sealed_number FROM inbox_numbers n
     JOIN inbox_keys k ON k.team_id = n.team_id AND k.client_id = n.client_id
     WHERE n.team_id = $1 AND ${byNumber ? 'n.number_hash = $2' : 'n.line_id = $2'}`,
    [
      tx.teamId,
      'number' in message.receiver
        ? inbox.keys.numberHash(tx.teamId, message.receiver.number)
        : message.receiver.line,
    ],
  )
  const row = rows[0]
  if (!row) return undefined
  const number =
    'number' in message.receiver
      ? message.receiver.number
      : inbox.keys.openNumber(tx.teamId, row.number_hash, row.sealed_number)
  // Sealed under an earlier secret: the number is as good as unknown until the inbox is enabled again.
  if (number === undefined) return undefined
  return { clientId: row.client_id, publicKey: row.public_key, number }
}
