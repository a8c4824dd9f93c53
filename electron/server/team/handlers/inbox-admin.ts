import { DEFAULT_INBOX_RETENTION_HOURS } from '../../../../shared/team/inbox-webhooks.ts'
import type { InboxProvider } from '../../../../shared/team/team-api.ts'
import { teamError } from '../team-error.ts'
import type { TeamHandler } from './handler-types.ts'
import { requireClient } from './membership.ts'

/**
 * What an admin checks the inbox with: counts and times per client, and the drops per provider. It
 * needs no inbox secret (nothing here is a number or a text), so it answers on any server.
 */
export const inboxStatus: TeamHandler<'team:inbox-status'> = async (tx) => {
  const settings = await tx.query<{ retention_hours: number }>(
    'SELECT retention_hours FROM inbox_settings WHERE team_id = $1',
    [tx.teamId],
  )
  const clients = await tx.query<{
    client_id: string
    key_version: number
    numbers: string
    messages: string
    last_received_at: Date | null
  }>(
    `SELECT k.client_id, k.key_version,
       (SELECT count(*) FROM inbox_numbers n WHERE n.team_id = k.team_id AND n.client_id = k.client_id) AS numbers,
       m.messages, m.last_received_at
     FROM inbox_keys k
     CROSS JOIN LATERAL (
       SELECT count(*) AS messages, max(received_at) AS last_received_at FROM inbox_messages m
       WHERE m.team_id = k.team_id AND m.client_id = k.client_id AND m.expires_at > $2
     ) m
     WHERE k.team_id = $1 ORDER BY k.client_id`,
    [tx.teamId, tx.now],
  )
  const drops = await tx.query<{ provider: InboxProvider; unknown_number: string; last_at: Date }>(
    'SELECT provider, unknown_number, last_at FROM inbox_drops WHERE team_id = $1 ORDER BY provider',
    [tx.teamId],
  )
  return {
    retentionHours: settings[0]?.retention_hours ?? DEFAULT_INBOX_RETENTION_HOURS,
    clients: clients.map((row) => ({
      clientId: row.client_id,
      numbers: Number(row.numbers),
      keyVersion: row.key_version,
      messages: Number(row.messages),
      lastReceivedAt: row.last_received_at?.toISOString() ?? null,
    })),
    dropped: drops.map((row) => ({
      provider: row.provider,
      count: Number(row.unknown_number),
      lastAt: row.last_at.toISOString(),
    })),
  }
}

/**
 * Turns a client's inbox off: numbers, inbox key and stored messages go in one transaction. From then
 * on its numbers are unknown to the receiver (dropped and counted), a rotation of the client needs no
 * inbox key, and devices drop the client's opened messages when the key is no longer listed — the
 * fresh team sequence makes them fetch. Enabling again makes a new key pair.
 */
export const disableInbox: TeamHandler<'team:inbox-disable'> = async (tx, { params }) => {
  await tx.lockTeam()
  const clientId = params.client
  await requireClient(tx, clientId, { lock: true })
  const keys = await tx.query('SELECT 1 FROM inbox_keys WHERE team_id = $1 AND client_id = $2 FOR UPDATE', [
    tx.teamId,
    clientId,
  ])
  if (keys.length === 0) throw teamError('not-found', `Client ${clientId} has no code inbox to turn off.`)
  const numbers = await tx.query(
    'DELETE FROM inbox_numbers WHERE team_id = $1 AND client_id = $2 RETURNING 1',
    [tx.teamId, clientId],
  )
  const messages = await tx.query(
    'DELETE FROM inbox_messages WHERE team_id = $1 AND client_id = $2 RETURNING 1',
    [tx.teamId, clientId],
  )
  await tx.query('DELETE FROM inbox_previous_keys WHERE team_id = $1 AND client_id = $2', [
    tx.teamId,
    clientId,
  ])
  await tx.query('DELETE FROM inbox_keys WHERE team_id = $1 AND client_id = $2', [tx.teamId, clientId])
  const seq = tx.takeSeq()
  await tx.audit('inbox-disabled', { clientId, numbers: numbers.length, messages: messages.length })
  return { seq, numbers: numbers.length, messages: messages.length }
}
