import { afterEach, expect, it } from 'vitest'
import { openDatabase, type Database } from '../../../electron/server/database/open-database.ts'
import {
  generateSetupCode,
  issueSetupCode,
  setupCodeHash,
  useSetupCode,
} from '../../../electron/server/database/setup-codes.ts'
import { withTransaction } from '../../../electron/server/database/team-transaction.ts'
import { describeOnEachPostgres, freshDatabase } from '../../support/postgres.ts'
import { withClient } from '../../support/postgres-client.ts'

let database: Database | undefined
afterEach(async () => {
  await database?.close()
  database = undefined
})

it('makes codes of 4 groups of 5 base32 characters, each one different', () => {
  const codes = new Set(Array.from({ length: 200 }, generateSetupCode))
  expect(codes.size).toBe(200)
  for (const code of codes) expect(code).toMatch(/^[A-Z2-7]{5}(-[A-Z2-7]{5}){3}$/)
})

it('accepts a code typed in lower case or with spaces instead of dashes', () => {
  const code = generateSetupCode()
  expect(setupCodeHash(code.toLowerCase().replaceAll('-', ' '))).toEqual(setupCodeHash(code))
})

await describeOnEachPostgres('setup codes', (postgres) => {
  it('stores only a hash, and a new code makes the unused one before it invalid', async () => {
    const url = await freshDatabase(postgres.url)
    database = await openDatabase({ url, poolMax: 2 })
    const first = await issueSetupCode(database.pool)
    const second = await issueSetupCode(database.pool)
    const dump = await withClient(url, (client) =>
      client.query<{ row: string }>('SELECT t::text AS row FROM team_setup_codes t'),
    )
    expect(dump.rows).toHaveLength(1)
    const stored = dump.rows.map((row) => row.row).join('\n')
    for (const code of [first, second]) {
      expect(stored).not.toContain(code)
      expect(stored).not.toContain(code.replaceAll('-', ''))
    }
    const pool = database.pool
    expect(await withTransaction(pool, (client) => useSetupCode(client, first))).toBe('unknown')
    expect(await withTransaction(pool, (client) => useSetupCode(client, second))).toBe('accepted')
    expect(await withTransaction(pool, (client) => useSetupCode(client, second))).toBe('already-used')
  })

  it('keeps a code valid when the team creation that used it rolls back', async () => {
    const url = await freshDatabase(postgres.url)
    database = await openDatabase({ url, poolMax: 2 })
    const code = await issueSetupCode(database.pool)
    await expect(
      withTransaction(database.pool, async (client) => {
        expect(await useSetupCode(client, code)).toBe('accepted')
        throw new Error('the team could not be created')
      }),
    ).rejects.toThrow(/could not be created/)
    expect(await withTransaction(database.pool, (client) => useSetupCode(client, code))).toBe('accepted')
  })

  it('lets exactly one of several racing requests use a code', async () => {
    const url = await freshDatabase(postgres.url)
    database = await openDatabase({ url, poolMax: 5 })
    const code = await issueSetupCode(database.pool)
    const pool = database.pool
    const uses = await Promise.all(
      [1, 2, 3, 4, 5].map(() => withTransaction(pool, (client) => useSetupCode(client, code))),
    )
    expect(uses.filter((use) => use === 'accepted')).toHaveLength(1)
    expect(uses.filter((use) => use === 'already-used')).toHaveLength(4)
  })
})
