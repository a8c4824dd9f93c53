import { randomUUID } from 'node:crypto'
import { expect, it } from 'vitest'
import { migrate } from '../../../../electron/server/database/migrate.ts'
import { migration001 } from '../../../../electron/server/database/migrations/001-runtime-role-and-setup-codes.ts'
import { migration002 } from '../../../../electron/server/database/migrations/002-team.ts'
import { migration003 } from '../../../../electron/server/database/migrations/003-wrapped-key-signatures.ts'
import { migration004 } from '../../../../electron/server/database/migrations/004-exposure-progress.ts'
import { migration005 } from '../../../../electron/server/database/migrations/005-member-roles.ts'
import { withClient } from '../../../support/postgres-client.ts'
import { describeOnEachPostgres, freshDatabase } from '../../../support/postgres.ts'

const UP_TO_004 = [migration001, migration002, migration003, migration004]
const UP_TO_005 = [...UP_TO_004, migration005]

await describeOnEachPostgres('server migration 005: member roles', (postgres) => {
  it('lets the runtime role change a member role (refused before it), within the allowed roles only', async () => {
    const url = await freshDatabase(postgres.url)
    await withClient(url, async (client) => {
      await migrate(client, UP_TO_004)
      const team = randomUUID()
      const ben = randomUUID()
      await client.query(`INSERT INTO teams (id, name, seq) VALUES ($1, 'Agency', 1)`, [team])
      await client.query(
        `INSERT INTO members (team_id, id, name, role, status, seq) VALUES ($1, $2, 'Ben', 'member', 'active', 1)`,
        [team, ben],
      )
      const asServer = async (sql: string) => {
        await client.query('BEGIN')
        try {
          await client.query('SET LOCAL ROLE twofold_server')
          await client.query(`SELECT set_config('twofold.team_id', $1, true)`, [team])
          await client.query(sql, [team, ben])
          await client.query('COMMIT')
        } catch (error) {
          await client.query('ROLLBACK')
          throw error
        }
      }
      const promote = `UPDATE members SET role = 'admin' WHERE team_id = $1 AND id = $2`
      await expect(asServer(promote)).rejects.toThrow(/permission denied/)

      expect(await migrate(client, UP_TO_005)).toEqual([5])
      await asServer(promote)
      const role = await client.query('SELECT role FROM members WHERE id = $1', [ben])
      expect(role.rows).toEqual([{ role: 'admin' }])
      await expect(
        asServer(`UPDATE members SET role = 'superuser' WHERE team_id = $1 AND id = $2`),
      ).rejects.toThrow(/role_check|check constraint/)
      expect(await migrate(client, UP_TO_005)).toEqual([])
    })
  })
})
