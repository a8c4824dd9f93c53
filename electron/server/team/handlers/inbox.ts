import { DEFAULT_INBOX_RETENTION_HOURS } from '../../../../shared/team/inbox-webhooks.ts'
import { bytesOf } from '../bytes.ts'
import { teamError } from '../team-error.ts'
import type { TeamHandler } from './handler-types.ts'
import { requireClient } from './membership.ts'

const PUBLIC_KEY_BYTES = 32
/** The most messages one `team:inbox` answer holds (its schema's limit); the device asks again for more. */
const INBOX_PAGE_MESSAGES = 10_000

/**
 * An admin turns on (or updates) a client's code inbox: its key pair's public half and sealed private
 * half, and the numbers that receive its codes — kept only as keyed hashes (and, for webhooks that do
 * not name their number, sealed under the server's inbox secret). A number another client of the team
 * has is refused without saying which: the caller knows the numbers it sent.
 */
export const enableInbox: TeamHandler<'team:inbox-enable'> = async (tx, { params, body }) => {
  const inbox = tx.inbox
  await tx.lockTeam()
  const clientId = params.client
  const client = await requireClient(tx, clientId, { lock: true })
  if (body.inboxKey.keyVersion !== client.keyVersion) {
    throw teamError(
      'conflict',
      `The inbox key must be sealed under client ${clientId}'s key version ${client.keyVersion}: sync and try again.`,
    )
  }
  const publicKey = bytesOf(body.inboxKey.publicKey, 'inbox public key', PUBLIC_KEY_BYTES)
  const sealedPrivateKey = bytesOf(body.inboxKey.sealedPrivateKey, 'sealed inbox private key')

  const numbers = [...new Set(body.numbers)]
  const hashes = numbers.map((number) => inbox.keys.numberHash(tx.teamId, number))
  const taken = await tx.query(
    'SELECT 1 FROM inbox_numbers WHERE team_id = $1 AND number_hash = ANY($2::bytea[]) AND client_id <> $3 LIMIT 1',
    [tx.teamId, hashes, clientId],
  )
  if (taken.length > 0) {
    throw teamError(
      'conflict',
      'One of these numbers receives another client’s codes already: remove it there first.',
    )
  }

  const seq = tx.takeSeq()
  await tx.query(
    `INSERT INTO inbox_keys (team_id, client_id, key_version, public_key, sealed_private_key, seq)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (team_id, client_id) DO UPDATE
       SET key_version = $3, public_key = $4, sealed_private_key = $5, seq = $6`,
    [tx.teamId, clientId, body.inboxKey.keyVersion, publicKey, sealedPrivateKey, seq],
  )
  await tx.query('DELETE FROM inbox_numbers WHERE team_id = $1 AND client_id = $2', [tx.teamId, clientId])
  const lines = hashes.map((hash) => inbox.keys.lineId(tx.teamId, hash))
  await tx.query(
    `INSERT INTO inbox_numbers (team_id, number_hash, line_id, sealed_number, client_id)
     SELECT $1, v.number_hash, v.line_id, v.sealed_number, $2
     FROM unnest($3::bytea[], $4::text[], $5::bytea[]) AS v(number_hash, line_id, sealed_number)`,
    [
      tx.teamId,
      clientId,
      hashes,
      lines,
      hashes.map((hash, index) => inbox.keys.sealNumber(tx.teamId, hash, numbers[index] ?? '')),
    ],
  )
  const settings = await tx.query<{ retention_hours: number; json_token_generation: number }>(
    `INSERT INTO inbox_settings (team_id, retention_hours) VALUES ($1, coalesce($2::int, $3::int))
     ON CONFLICT (team_id) DO UPDATE SET retention_hours = coalesce($2::int, inbox_settings.retention_hours)
     RETURNING retention_hours, json_token_generation`,
    [tx.teamId, body.retentionHours ?? null, DEFAULT_INBOX_RETENTION_HOURS],
  )
  const retentionHours = settings[0]?.retention_hours ?? DEFAULT_INBOX_RETENTION_HOURS
  await tx.audit('inbox-enabled', { clientId, numbers: numbers.length, retentionHours })
  const generation = settings[0]?.json_token_generation ?? 0
  return { numbers: numbers.length, retentionHours, webhooks: inbox.webhooks(tx.teamId, lines, generation) }
}

/**
 * The caller's inbox: the keys of the clients they hold (current, and earlier ones stored messages are
 * still sealed to), and those clients' unexpired messages after
 * `since`, oldest first, at most a page of them (`more` then says to ask again from `seq`). Row-level
 * security limits both to held clients as well.
 */
export const readInbox: TeamHandler<'team:inbox'> = async (tx, { query }) => {
  const teams = await tx.query<{ seq: string }>('SELECT seq FROM teams WHERE id = $1', [tx.teamId])
  const teamRow = teams[0]
  if (!teamRow) throw teamError('not-found', 'This team is not here.')
  const teamSeq = Number(teamRow.seq)
  const keys = await tx.query<{
    client_id: string
    key_version: number
    public_key: Buffer
    sealed_private_key: Buffer
    previous: boolean
  }>(
    `SELECT k.client_id, k.key_version, k.public_key, k.sealed_private_key, false AS previous
     FROM inbox_keys k
     WHERE k.team_id = $1 AND twofold_holds_client(k.client_id)
     UNION ALL
     -- An earlier key only while a message that has not expired is sealed to it (the rows themselves
     -- go at the client's next rotation, or when its inbox is turned off).
     SELECT p.client_id, p.key_version, p.public_key, p.sealed_private_key, true AS previous
     FROM inbox_previous_keys p
     WHERE p.team_id = $1 AND twofold_holds_client(p.client_id)
       AND EXISTS (SELECT 1 FROM inbox_messages m WHERE m.team_id = p.team_id
                     AND m.client_id = p.client_id AND m.public_key = p.public_key AND m.expires_at > $2)
     ORDER BY client_id, previous, public_key`,
    [tx.teamId, tx.now],
  )
  const messages = await tx.query<{
    id: string
    client_id: string
    provider: 'twilio' | 'meta-whatsapp' | 'android-sms-gateway' | 'json'
    channel: 'sms' | 'whatsapp'
    received_at: Date
    expires_at: Date
    public_key: Buffer
    sealed: Buffer
    seq: string
  }>(
    `SELECT id, client_id, provider, channel, received_at, expires_at, public_key, sealed, seq
     FROM inbox_messages
     WHERE team_id = $1 AND seq > $2 AND seq <= $3 AND expires_at > $4 AND twofold_holds_client(client_id)
     ORDER BY seq LIMIT ${INBOX_PAGE_MESSAGES}`,
    [tx.teamId, query.since, teamSeq, tx.now],
  )
  // A full page may leave later messages behind: its seq is then the last message's, not the team's,
  // or the device's cursor would skip straight past them.
  const last = messages.length === INBOX_PAGE_MESSAGES ? messages.at(-1) : undefined
  return {
    seq: last ? Number(last.seq) : teamSeq,
    ...(last ? { more: true as const } : {}),
    keys: keys.map((row) => ({
      clientId: row.client_id,
      keyVersion: row.key_version,
      publicKey: row.public_key.toString('base64url'),
      sealedPrivateKey: row.sealed_private_key.toString('base64url'),
      ...(row.previous ? { previous: true as const } : {}),
    })),
    messages: messages.map((row) => ({
      messageId: row.id,
      clientId: row.client_id,
      provider: row.provider,
      channel: row.channel,
      receivedAt: row.received_at.toISOString(),
      expiresAt: row.expires_at.toISOString(),
      publicKey: row.public_key.toString('base64url'),
      sealed: row.sealed.toString('base64url'),
      seq: Number(row.seq),
    })),
  }
}
