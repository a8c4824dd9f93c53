import { randomBytes, randomUUID } from 'node:crypto'
import { expect, it } from 'vitest'
import { migrate } from '../../../../electron/server/database/migrate.ts'
import { serverMigrations } from '../../../../electron/server/database/migrations/index.ts'
import { withClient } from '../../../support/postgres-client.ts'
import { describeOnEachPostgres, freshDatabase } from '../../../support/postgres.ts'
import { asServer, seedInboxAgency } from './inbox-agency.ts'

/** The migrations before this one, and up to it: the server's own list, in order. */
const UP_TO_005 = serverMigrations.slice(0, 5)
const UP_TO_006 = serverMigrations.slice(0, 6)

await describeOnEachPostgres('server migration 006: code inbox', (postgres) => {
  it('adds the inbox tables: members read only held clients’ messages, the receiver writes, one copy per provider id', async () => {
    const url = await freshDatabase(postgres.url)
    await withClient(url, async (client) => {
      await migrate(client, UP_TO_005)
      await expect(client.query('SELECT 1 FROM inbox_messages')).rejects.toThrow(/does not exist/)
      expect(await migrate(client, UP_TO_006)).toEqual([6])
      expect(await migrate(client, UP_TO_006)).toEqual([])

      const { team, ana, ben, held, other } = await seedInboxAgency(client)

      const insertMessage = (clientId: string, hash: Buffer) =>
        asServer(
          client,
          { team, receiver: true },
          `INSERT INTO inbox_messages (team_id, id, client_id, provider, channel, provider_message_hash,
             public_key, sealed, received_at, expires_at, seq)
           VALUES ($1, $2, $3, 'twilio', 'sms', $4, $5, '\\x01', now(), now() + interval '1 day', 2)`,
          [team, randomUUID(), clientId, hash, randomBytes(32)],
        )
      const hash = randomBytes(32)
      await insertMessage(held, hash)
      await insertMessage(other, randomBytes(32))
      await expect(insertMessage(held, hash)).rejects.toThrow(/unique|duplicate/)

      const read = (member: string) =>
        asServer(client, { team, member }, 'SELECT client_id FROM inbox_messages ORDER BY client_id')
      expect(await read(ben)).toEqual([{ client_id: held }])
      expect(await read(ana)).toHaveLength(2)
      // Another team's context sees nothing, and the runtime role cannot rewrite a sealed message.
      expect(
        await asServer(client, { team: randomUUID(), receiver: true }, 'SELECT 1 FROM inbox_messages'),
      ).toEqual([])
      await expect(
        asServer(client, { team, receiver: true }, `UPDATE inbox_messages SET sealed = '\\x02'`),
      ).rejects.toThrow(/permission denied/)
      await expect(
        asServer(
          client,
          { team, receiver: true },
          `INSERT INTO inbox_numbers (team_id, number_hash, line_id, sealed_number, client_id)
           VALUES ($1, $2, 'abcdefghijklmnopqrstuvwx', '\\x01', $3)`,
          [team, randomBytes(32), held],
        ),
      ).rejects.toThrow(/foreign key/)
    })
  })
})
