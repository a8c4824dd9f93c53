import { randomUUID } from 'node:crypto'
import type pg from 'pg'
import { expect, it } from 'vitest'
import { migrate } from '../../../../electron/server/database/migrate.ts'
import { migration001 } from '../../../../electron/server/database/migrations/001-runtime-role-and-setup-codes.ts'
import { migration002 } from '../../../../electron/server/database/migrations/002-team.ts'
import { migration003 } from '../../../../electron/server/database/migrations/003-wrapped-key-signatures.ts'
import { withClient } from '../../../support/postgres-client.ts'
import { describeOnEachPostgres, freshDatabase } from '../../../support/postgres.ts'

const UP_TO_002 = [migration001, migration002]
const UP_TO_003 = [...UP_TO_002, migration003]

const bytes = (byte: string, length: number) => `decode(repeat('${byte}', ${length}), 'hex')`

/** As the database owner: an owner with one device, a client, and one key wrapped to that device. */
async function seedWrappedKey(client: pg.Client) {
  const ids = { team: randomUUID(), owner: randomUUID(), device: randomUUID(), client: randomUUID() }
  await client.query(`INSERT INTO teams (id, name, seq) VALUES ($1, 'Agency', 1)`, [ids.team])
  await client.query(
    `INSERT INTO members (team_id, id, name, role, status, seq) VALUES ($1, $2, 'Ana', 'owner', 'active', 1)`,
    [ids.team, ids.owner],
  )
  await client.query(
    `INSERT INTO devices (team_id, id, member_id, agreement_key, signing_key, status, seq)
     VALUES ($1, $2, $3, ${bytes('01', 32)}, ${bytes('02', 32)}, 'active', 1)`,
    [ids.team, ids.device, ids.owner],
  )
  await client.query(
    `INSERT INTO clients (team_id, id, sealed_name, key_version, seq) VALUES ($1, $2, '\\x01', 1, 1)`,
    [ids.team, ids.client],
  )
  await client.query(
    `INSERT INTO wrapped_keys (team_id, client_id, device_id, key_version, wrapped, seq)
     VALUES ($1, $2, $3, 1, ${bytes('aa', 80)}, 1)`,
    [ids.team, ids.client, ids.device],
  )
  return ids
}

await describeOnEachPostgres('server migration 003: wrapped key signatures', (postgres) => {
  it('applies on a database at 002, leaving the keys stored before it unsigned, and records itself', async () => {
    const url = await freshDatabase(postgres.url)
    await withClient(url, async (client) => {
      await migrate(client, UP_TO_002)
      const ids = await seedWrappedKey(client)
      expect(await migrate(client, UP_TO_003)).toEqual([3])
      const rows = await client.query(
        'SELECT device_id, signed_by, signature, octet_length(wrapped) AS length FROM wrapped_keys',
      )
      expect(rows.rows).toEqual([{ device_id: ids.device, signed_by: null, signature: null, length: 80 }])
      const recorded = await client.query('SELECT version, name FROM schema_migrations WHERE version = 3')
      expect(recorded.rows).toEqual([{ version: 3, name: 'wrapped key signatures' }])
      expect(await migrate(client, UP_TO_003)).toEqual([])
    })
  })

  it('lets the runtime role store a signed key, and refuses half a signature, a short one or an unknown signer', async () => {
    const url = await freshDatabase(postgres.url)
    await withClient(url, async (client) => {
      await migrate(client, UP_TO_003)
      const ids = await seedWrappedKey(client)
      await client.query('SET ROLE twofold_server')
      await client.query(
        `SELECT set_config('twofold.team_id', $1, false), set_config('twofold.member_id', $2, false)`,
        [ids.team, ids.owner],
      )
      const insert = (version: number, signedBy: string | null, signature: string) =>
        client.query(
          `INSERT INTO wrapped_keys (team_id, client_id, device_id, key_version, wrapped, seq, signed_by, signature)
           VALUES ($1, $2, $3, $4, ${bytes('bb', 80)}, 2, $5, ${signature})`,
          [ids.team, ids.client, ids.device, version, signedBy],
        )
      await insert(2, ids.device, bytes('cc', 64))
      const signed = await client.query(
        `SELECT signed_by, octet_length(signature) AS length FROM wrapped_keys WHERE key_version = 2`,
      )
      expect(signed.rows).toEqual([{ signed_by: ids.device, length: 64 }])
      await expect(insert(3, ids.device, 'NULL')).rejects.toThrow(/wrapped_keys_signed_whole/)
      await expect(insert(3, null, bytes('cc', 64))).rejects.toThrow(/wrapped_keys_signed_whole/)
      await expect(insert(3, ids.device, bytes('cc', 63))).rejects.toThrow(/check constraint/)
      await expect(insert(3, randomUUID(), bytes('cc', 64))).rejects.toThrow(/wrapped_keys_signer/)
    })
  })
})
