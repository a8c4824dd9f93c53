import { randomBytes, randomUUID } from 'node:crypto'
import { expect, it } from 'vitest'
import { migrate } from '../../../../electron/server/database/migrate.ts'
import { serverMigrations } from '../../../../electron/server/database/migrations/index.ts'
import { withClient } from '../../../support/postgres-client.ts'
import { describeOnEachPostgres, freshDatabase } from '../../../support/postgres.ts'
import { asServer, seedInboxAgency } from './inbox-agency.ts'

/** The migrations before this one, and up to it: the server's own list, in order. */
const UP_TO_008 = serverMigrations.slice(0, 8)
const UP_TO_009 = serverMigrations.slice(0, 9)

await describeOnEachPostgres('server migration 009: remembering received provider messages', (postgres) => {
  it('remembers the messages already stored for 60 days from their arrival; only the team’s receiver reads or sweeps them', async () => {
    const url = await freshDatabase(postgres.url)
    await withClient(url, async (client) => {
      await migrate(client, UP_TO_008)
      const { team, ana, held } = await seedInboxAgency(client)
      const stored = randomBytes(32)
      await client.query(
        `INSERT INTO inbox_keys (team_id, client_id, key_version, public_key, sealed_private_key, seq)
         VALUES ($1, $2, 1, $3, '\\x01', 1)`,
        [team, held, randomBytes(32)],
      )
      await client.query(
        `INSERT INTO inbox_messages (team_id, id, client_id, provider, channel, provider_message_hash,
           public_key, sealed, received_at, expires_at, seq)
         VALUES ($1, $2, $3, 'twilio', 'sms', $4, $5, '\\x01', '2026-12-01T00:00:00Z', '2026-12-02T00:00:00Z', 2)`,
        [team, randomUUID(), held, stored, randomBytes(32)],
      )

      expect(await migrate(client, UP_TO_009)).toEqual([9])
      expect(await migrate(client, UP_TO_009)).toEqual([])

      const seen = 'SELECT provider, provider_message_hash, forget_at FROM inbox_seen_messages'
      expect(await asServer(client, { team, receiver: true }, seen)).toEqual([
        { provider: 'twilio', provider_message_hash: stored, forget_at: new Date('2027-01-30T00:00:00Z') },
      ])
      // A member's request, or the receiver in another team, sees none of it.
      expect(await asServer(client, { team, member: ana }, seen)).toEqual([])
      expect(await asServer(client, { team: randomUUID(), receiver: true }, seen)).toEqual([])

      const later = randomBytes(32)
      await asServer(
        client,
        { team, receiver: true },
        `INSERT INTO inbox_seen_messages (team_id, provider, provider_message_hash, forget_at)
         VALUES ($1, 'json', $2, '2027-03-01T00:00:00Z')`,
        [team, later],
      )
      // A second copy of one provider message cannot be remembered twice.
      await expect(
        asServer(
          client,
          { team, receiver: true },
          `INSERT INTO inbox_seen_messages (team_id, provider, provider_message_hash, forget_at)
           VALUES ($1, 'json', $2, '2027-04-01T00:00:00Z')`,
          [team, later],
        ),
      ).rejects.toThrow(/duplicate key/)
      const sweep = 'DELETE FROM inbox_seen_messages WHERE forget_at <= $1 RETURNING provider'
      expect(await asServer(client, { team, member: ana }, sweep, ['2027-02-15T00:00:00Z'])).toEqual([])
      expect(await asServer(client, { team, receiver: true }, sweep, ['2027-02-15T00:00:00Z'])).toEqual([
        { provider: 'twilio' },
      ])
      const left = await client.query('SELECT provider FROM inbox_seen_messages WHERE team_id = $1', [team])
      expect(left.rows).toEqual([{ provider: 'json' }])
    })
  })
})
