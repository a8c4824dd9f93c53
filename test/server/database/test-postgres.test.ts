import pg from 'pg'
import { expect, it } from 'vitest'
import { describeOnEachPostgres, freshDatabase } from '../../support/postgres.ts'

async function query(url: string, sql: string): Promise<pg.QueryResultRow[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const result = await client.query<pg.QueryResultRow>(sql)
    return result.rows
  } finally {
    await client.end()
  }
}

await describeOnEachPostgres('the throwaway PostgreSQL of the server tests', (postgres) => {
  it('runs the flavour it names', async () => {
    const [row] = await query(postgres.url, 'SHOW server_version_num')
    const major = Math.floor(Number(row?.server_version_num) / 10_000)
    if (postgres.flavour === 'debian-15') expect(major).toBe(15)
    else expect(major).toBeGreaterThanOrEqual(16)
  })

  it('refuses a wrong password even on loopback', async () => {
    const url = new URL(postgres.url)
    url.password = 'wrong'
    await expect(query(url.toString(), 'SELECT 1')).rejects.toThrow(/password authentication failed/)
  })

  it('gives each caller a database of its own', async () => {
    const first = await freshDatabase(postgres.url)
    const second = await freshDatabase(postgres.url)
    await query(first, 'CREATE TABLE only_here (id int)')
    expect(await query(second, "SELECT to_regclass('only_here') AS found")).toEqual([{ found: null }])
  })

  it('can hand a database to a CREATEROLE owner that is not a superuser', async () => {
    const url = await freshDatabase(postgres.url, { owner: 'createrole' })
    const [row] = await query(
      url,
      'SELECT rolsuper, rolcreaterole FROM pg_roles WHERE rolname = current_user',
    )
    expect(row).toEqual({ rolsuper: false, rolcreaterole: true })
    await query(url, 'CREATE TABLE mine (id int)')
  })
})
