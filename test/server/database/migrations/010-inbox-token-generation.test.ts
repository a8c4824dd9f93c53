import { expect, it } from 'vitest'
import { migrate } from '../../../../electron/server/database/migrate.ts'
import { serverMigrations } from '../../../../electron/server/database/migrations/index.ts'
import { withClient } from '../../../support/postgres-client.ts'
import { describeOnEachPostgres, freshDatabase } from '../../../support/postgres.ts'
import { asServer, seedInboxAgency } from './inbox-agency.ts'

/** The migrations before this one, and up to it: the server's own list, in order. */
const UP_TO_009 = serverMigrations.slice(0, 9)
const UP_TO_010 = serverMigrations.slice(0, 10)

await describeOnEachPostgres('server migration 010: the json forwarder token generation', (postgres) => {
  it('gives every team generation 0 (its URL unchanged); the server raises it only in its own team, and may not change the team', async () => {
    const url = await freshDatabase(postgres.url)
    await withClient(url, async (client) => {
      await migrate(client, UP_TO_009)
      const { team, ana } = await seedInboxAgency(client)
      const other = await seedInboxAgency(client)
      await client.query('INSERT INTO inbox_settings (team_id, retention_hours) VALUES ($1, 6), ($2, 24)', [
        team,
        other.team,
      ])

      expect(await migrate(client, UP_TO_010)).toEqual([10])
      expect(await migrate(client, UP_TO_010)).toEqual([])

      const read = 'SELECT retention_hours, json_token_generation FROM inbox_settings'
      expect(await asServer(client, { team, member: ana }, read)).toEqual([
        { retention_hours: 6, json_token_generation: 0 },
      ])
      // The webhook receiver reads it too: it checks the token against the current generation.
      expect(await asServer(client, { team, receiver: true }, read)).toEqual([
        { retention_hours: 6, json_token_generation: 0 },
      ])

      const rotate =
        'UPDATE inbox_settings SET json_token_generation = json_token_generation + 1 RETURNING json_token_generation'
      expect(await asServer(client, { team, member: ana }, rotate)).toEqual([{ json_token_generation: 1 }])
      // The other team's row is out of reach, and stays at 0.
      const others = await client.query(
        'SELECT json_token_generation FROM inbox_settings WHERE team_id = $1',
        [other.team],
      )
      expect(others.rows).toEqual([{ json_token_generation: 0 }])

      await expect(
        asServer(client, { team, member: ana }, 'UPDATE inbox_settings SET json_token_generation = -1'),
      ).rejects.toThrow(/check constraint/)
      await expect(
        asServer(client, { team, member: ana }, 'UPDATE inbox_settings SET team_id = $1', [other.team]),
      ).rejects.toThrow(/permission denied/)
    })
  })
})
