import type { InboxProvider } from '../../../shared/team/team-api.ts'
import type { TeamTx } from '../team/team-tx.ts'

/** The longest retention a team may set (inbox_settings' check). */
const MAX_RETENTION_MS = 720 * 3_600_000
/**
 * How long a provider message is remembered after it arrived: 30 days past the longest retention, so a
 * captured post replayed after its message expired is still recognised (Twilio's carry no timestamp).
 */
export const SEEN_MESSAGE_MEMORY_MS = MAX_RETENTION_MS + 30 * 24 * 3_600_000

/**
 * Deletes the team's expired messages and the provider ids it may forget, in the receiver's
 * transaction: run for every message that reaches a known team, stored or not, so a team whose
 * numbers only receive retries or strangers' messages is swept as well.
 */
export async function sweepInbox(tx: TeamTx, now: Date): Promise<void> {
  await tx.query('DELETE FROM inbox_messages WHERE team_id = $1 AND expires_at <= $2', [tx.teamId, now])
  await tx.query('DELETE FROM inbox_seen_messages WHERE team_id = $1 AND forget_at <= $2', [tx.teamId, now])
}

/** Remembers a provider message's id (keyed hash); false when the team has received it before. */
export async function rememberMessage(
  tx: TeamTx,
  provider: InboxProvider,
  providerHash: Buffer,
  now: Date,
): Promise<boolean> {
  const rows = await tx.query(
    `INSERT INTO inbox_seen_messages (team_id, provider, provider_message_hash, forget_at)
     VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING 1`,
    [tx.teamId, provider, providerHash, new Date(now.getTime() + SEEN_MESSAGE_MEMORY_MS)],
  )
  return rows.length === 1
}
