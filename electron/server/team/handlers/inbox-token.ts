import { DEFAULT_INBOX_RETENTION_HOURS } from '../../../../shared/team/inbox-webhooks.ts'
import type { TeamHandler } from './handler-types.ts'

/**
 * An admin ends the team's json forwarder URL: the token generation goes up, so the webhook takes
 * only the new token from the commit on. Audited without the token (the log is read by every admin,
 * and a token there would be a working URL again).
 */
export const rotateInboxToken: TeamHandler<'team:inbox-rotate-token'> = async (tx) => {
  const inbox = tx.inbox
  await tx.lockTeam()
  const rows = await tx.query<{ json_token_generation: number }>(
    `INSERT INTO inbox_settings (team_id, retention_hours, json_token_generation) VALUES ($1, $2, 1)
     ON CONFLICT (team_id) DO UPDATE SET json_token_generation = inbox_settings.json_token_generation + 1
     RETURNING json_token_generation`,
    [tx.teamId, DEFAULT_INBOX_RETENTION_HOURS],
  )
  const generation = rows[0]?.json_token_generation ?? 1
  await tx.audit('inbox-token-rotated', { generation })
  return { webhooks: [{ provider: 'json' as const, url: inbox.jsonUrl(tx.teamId, generation) }] }
}
