import { randomBytes, randomUUID } from 'node:crypto'
import { expect, it } from 'vitest'
import { migrate } from '../../../../electron/server/database/migrate.ts'
import { serverMigrations } from '../../../../electron/server/database/migrations/index.ts'
import { withClient } from '../../../support/postgres-client.ts'
import { describeOnEachPostgres, freshDatabase } from '../../../support/postgres.ts'
import { asServer, seedInboxAgency } from './inbox-agency.ts'

/** The migrations before this one, and up to it: the server's own list, in order. */
const UP_TO_007 = serverMigrations.slice(0, 7)
const UP_TO_008 = serverMigrations.slice(0, 8)

await describeOnEachPostgres('server migration 008: a client’s earlier inbox keys', (postgres) => {
  it('keeps more than one earlier key per client, for members who hold it only, never for the receiver', async () => {
    const url = await freshDatabase(postgres.url)
    await withClient(url, async (client) => {
      await migrate(client, UP_TO_007)
      const { team, ana, ben, held, other } = await seedInboxAgency(client)
      for (const id of [held, other]) {
        await client.query(
          `INSERT INTO inbox_keys (team_id, client_id, key_version, public_key, sealed_private_key, seq)
           VALUES ($1, $2, 2, $3, '\\x01', 1)`,
          [team, id, randomBytes(32)],
        )
      }
      const keep = (member: string, clientId: string) =>
        asServer(
          client,
          { team, member },
          `INSERT INTO inbox_previous_keys (team_id, client_id, public_key, key_version, sealed_private_key)
           VALUES ($1, $2, $3, 2, '\\x02') RETURNING client_id`,
          [team, clientId, randomBytes(32)],
        )
      await expect(keep(ana, held)).rejects.toThrow(/inbox_previous_keys/)
      expect(await migrate(client, UP_TO_008)).toEqual([8])
      expect(await migrate(client, UP_TO_008)).toEqual([])

      // Two earlier keys of the same client (two rotations within the retention).
      expect(await keep(ana, held)).toEqual([{ client_id: held }])
      expect(await keep(ben, held)).toEqual([{ client_id: held }])
      await expect(keep(ben, other)).rejects.toThrow(/row-level security/)
      expect(await keep(ana, other)).toEqual([{ client_id: other }])

      const list = (context: { team: string; member?: string; receiver?: boolean }) =>
        asServer(client, context, 'SELECT client_id FROM inbox_previous_keys ORDER BY client_id')
      expect(await list({ team, member: ana })).toHaveLength(3)
      expect(await list({ team, member: ben })).toEqual([{ client_id: held }, { client_id: held }])
      expect(await list({ team: randomUUID(), member: ana })).toEqual([])
      expect(await list({ team, receiver: true })).toEqual([])

      const removed = await asServer(
        client,
        { team, member: ben },
        'DELETE FROM inbox_previous_keys WHERE client_id = ANY($1::uuid[]) RETURNING client_id',
        [[held, other]],
      )
      expect(removed).toEqual([{ client_id: held }, { client_id: held }])
    })
  })
})
