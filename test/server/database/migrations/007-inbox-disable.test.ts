import { randomBytes, randomUUID } from 'node:crypto'
import { expect, it } from 'vitest'
import { migrate } from '../../../../electron/server/database/migrate.ts'
import { serverMigrations } from '../../../../electron/server/database/migrations/index.ts'
import { withClient } from '../../../support/postgres-client.ts'
import { describeOnEachPostgres, freshDatabase } from '../../../support/postgres.ts'
import { asServer, seedInboxAgency } from './inbox-agency.ts'

/** The migrations before this one, and up to it: the server's own list, in order. */
const UP_TO_006 = serverMigrations.slice(0, 6)
const UP_TO_007 = serverMigrations.slice(0, 7)

await describeOnEachPostgres('server migration 007: turning a client’s inbox off', (postgres) => {
  it('lets the runtime role delete an inbox key (refused before it), only of a client the member holds in its team', async () => {
    const url = await freshDatabase(postgres.url)
    await withClient(url, async (client) => {
      await migrate(client, UP_TO_006)
      const { team, ana, ben, held, other } = await seedInboxAgency(client)
      for (const id of [held, other]) {
        await client.query(
          `INSERT INTO inbox_keys (team_id, client_id, key_version, public_key, sealed_private_key, seq)
           VALUES ($1, $2, 1, $3, '\\x01', 1)`,
          [team, id, randomBytes(32)],
        )
      }
      const remove = (context: { team: string; member: string }, clientId: string) =>
        asServer(client, context, 'DELETE FROM inbox_keys WHERE client_id = $1 RETURNING client_id', [
          clientId,
        ])

      await expect(remove({ team, member: ana }, held)).rejects.toThrow(/permission denied/)
      expect(await migrate(client, UP_TO_007)).toEqual([7])
      expect(await migrate(client, UP_TO_007)).toEqual([])

      // Row-level security still decides which keys: not another team's, not a client Ben does not hold.
      expect(await remove({ team: randomUUID(), member: ana }, held)).toEqual([])
      expect(await remove({ team, member: ben }, other)).toEqual([])
      expect(await remove({ team, member: ben }, held)).toEqual([{ client_id: held }])
      expect(await remove({ team, member: ana }, other)).toEqual([{ client_id: other }])
      const left = await client.query('SELECT count(*)::int AS n FROM inbox_keys WHERE team_id = $1', [team])
      expect(left.rows).toEqual([{ n: 0 }])
    })
  })
})
