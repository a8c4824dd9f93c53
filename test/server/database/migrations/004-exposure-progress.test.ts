import { randomUUID } from 'node:crypto'
import type pg from 'pg'
import { expect, it } from 'vitest'
import { migrate } from '../../../../electron/server/database/migrate.ts'
import { migration001 } from '../../../../electron/server/database/migrations/001-runtime-role-and-setup-codes.ts'
import { migration002 } from '../../../../electron/server/database/migrations/002-team.ts'
import { migration003 } from '../../../../electron/server/database/migrations/003-wrapped-key-signatures.ts'
import { migration004 } from '../../../../electron/server/database/migrations/004-exposure-progress.ts'
import { withClient } from '../../../support/postgres-client.ts'
import { describeOnEachPostgres, freshDatabase } from '../../../support/postgres.ts'

const UP_TO_003 = [migration001, migration002, migration003]
const UP_TO_004 = [...UP_TO_003, migration004]

/**
 * As the database owner: one client with four accounts — one never exposed, one exposed without a
 * set, one exposed after its set was stored, one whose set was re-issued after the exposure.
 */
async function seedExposures(client: pg.Client) {
  const ids = {
    team: randomUUID(),
    owner: randomUUID(),
    client: randomUUID(),
    calm: randomUUID(),
    noCodes: randomUUID(),
    codesBefore: randomUUID(),
    codesAfter: randomUUID(),
  }
  await client.query(`INSERT INTO teams (id, name, seq) VALUES ($1, 'Agency', 1)`, [ids.team])
  await client.query(
    `INSERT INTO members (team_id, id, name, role, status, seq) VALUES ($1, $2, 'Ana', 'owner', 'active', 1)`,
    [ids.team, ids.owner],
  )
  await client.query(
    `INSERT INTO clients (team_id, id, sealed_name, key_version, seq) VALUES ($1, $2, '\\x01', 2, 1)`,
    [ids.team, ids.client],
  )
  const exposedAt = '2026-03-01T00:00:00Z'
  for (const [account, exposed] of [
    [ids.calm, null],
    [ids.noCodes, exposedAt],
    [ids.codesBefore, exposedAt],
    [ids.codesAfter, exposedAt],
  ] as const) {
    await client.query(
      `INSERT INTO records (team_id, client_id, account_id, revision, key_version, sealed, deleted, seq,
                            updated_by_member, updated_at, exposed_since)
       VALUES ($1, $2, $3, 1, 2, '\\x0102', false, 1, $4, now(), $5)`,
      [ids.team, ids.client, account, ids.owner, exposed],
    )
  }
  const addSet = (account: string, createdAt: string, retiredAt: string | null) =>
    client.query(
      `INSERT INTO backup_code_sets (team_id, id, client_id, account_id, key_version, total, seq,
                                     created_by_member, created_at, retired_at)
       VALUES ($1, $2, $3, $4, 1, 3, 1, $5, $6, $7)`,
      [ids.team, randomUUID(), ids.client, account, ids.owner, createdAt, retiredAt],
    )
  await addSet(ids.codesBefore, '2026-02-01T00:00:00Z', null)
  await addSet(ids.codesAfter, '2026-02-01T00:00:00Z', '2026-03-02T00:00:00Z')
  await addSet(ids.codesAfter, '2026-03-02T00:00:00Z', null)
  return ids
}

await describeOnEachPostgres('server migration 004: exposure progress', (postgres) => {
  it('applies on a database at 003: codes are still to re-issue only where the current set predates the exposure', async () => {
    const url = await freshDatabase(postgres.url)
    await withClient(url, async (client) => {
      await migrate(client, UP_TO_003)
      const ids = await seedExposures(client)
      expect(await migrate(client, UP_TO_004)).toEqual([4])
      const rows = await client.query<{ account_id: string; exposed: boolean; needed: boolean }>(
        `SELECT account_id, exposed_since IS NOT NULL AS exposed, exposure_codes_needed AS needed,
                exposure_secret_replaced_at, exposure_codes_reissued_at
         FROM records WHERE team_id = $1`,
        [ids.team],
      )
      const byAccount = new Map(rows.rows.map((row) => [row.account_id, row]))
      const unchanged = { exposure_secret_replaced_at: null, exposure_codes_reissued_at: null }
      expect(byAccount.get(ids.calm)).toMatchObject({ exposed: false, needed: false, ...unchanged })
      expect(byAccount.get(ids.noCodes)).toMatchObject({ exposed: true, needed: false, ...unchanged })
      expect(byAccount.get(ids.codesBefore)).toMatchObject({ exposed: true, needed: true, ...unchanged })
      expect(byAccount.get(ids.codesAfter)).toMatchObject({ exposed: true, needed: false, ...unchanged })
      const recorded = await client.query('SELECT version, name FROM schema_migrations WHERE version = 4')
      expect(recorded.rows).toEqual([{ version: 4, name: 'exposure progress' }])
      expect(await migrate(client, UP_TO_004)).toEqual([])
    })
  })

  it('lets the runtime role record progress, and refuses progress without a flag or a flag with nothing left', async () => {
    const url = await freshDatabase(postgres.url)
    await withClient(url, async (client) => {
      await migrate(client, UP_TO_004)
      const ids = await seedExposures(client)
      await client.query('SET ROLE twofold_server')
      await client.query(
        `SELECT set_config('twofold.team_id', $1, false), set_config('twofold.member_id', $2, false)`,
        [ids.team, ids.owner],
      )
      const update = (account: string, set: string) =>
        client.query(`UPDATE records SET ${set} WHERE team_id = $1 AND account_id = $2`, [ids.team, account])

      // As a rotation and then a secret write leave it: half done.
      await update(ids.codesBefore, 'exposure_codes_needed = true')
      await update(ids.codesBefore, 'exposure_secret_replaced_at = now()')
      await expect(update(ids.calm, 'exposure_secret_replaced_at = now()')).rejects.toThrow(
        /records_exposure_progress/,
      )
      // Every step done while the flag stays: the flag must go in the same write.
      await expect(update(ids.noCodes, 'exposure_secret_replaced_at = now()')).rejects.toThrow(
        /records_exposure_open/,
      )
      await expect(update(ids.noCodes, 'exposure_codes_reissued_at = now()')).rejects.toThrow(
        /records_exposure_codes/,
      )
      await update(
        ids.codesBefore,
        `(exposed_since, exposure_secret_replaced_at, exposure_codes_needed, exposure_codes_reissued_at)
           = (NULL, NULL, false, NULL)`,
      )
      const left = await client.query(
        'SELECT count(*)::int AS count FROM records WHERE exposed_since IS NOT NULL',
      )
      expect(left.rows).toEqual([{ count: 2 }])
    })
  })
})
