import { createHash } from 'node:crypto'
import { expect, it } from 'vitest'
import { describeOnEachPostgres, freshDatabase } from '../../support/postgres.ts'
import { withClient } from '../../support/postgres-client.ts'
import { runServerCommand } from './server-process.ts'

const sha256 = (code: string) => createHash('sha256').update(code.replaceAll('-', '')).digest('hex')

await describeOnEachPostgres('twofold-server setup-code', (postgres) => {
  it('prints a one-time code, keeps only its hash, and a second code voids the first', async () => {
    const url = await freshDatabase(postgres.url)
    const first = runServerCommand(['setup-code', '--database-url', url])
    expect(first.stderr).toBe('')
    expect(first.status).toBe(0)
    expect(first.stdout).toMatch(/^[A-Z2-7]{5}(-[A-Z2-7]{5}){3}\n$/)
    const second = runServerCommand(['setup-code'], { env: { DATABASE_URL: url } })
    expect(second.status).toBe(0)
    const [firstCode, secondCode] = [first.stdout.trim(), second.stdout.trim()]
    expect(secondCode).not.toBe(firstCode)

    const rows = await withClient(url, (client) =>
      client.query<{ hash: string; used_at: Date | null; row: string }>(
        `SELECT encode(code_hash, 'hex') AS hash, used_at, t::text AS row FROM team_setup_codes t`,
      ),
    )
    // Only the second code can still create a team, and the table holds no code in the clear.
    expect(rows.rows.map((row) => ({ hash: row.hash, used_at: row.used_at }))).toEqual([
      { hash: sha256(secondCode), used_at: null },
    ])
    for (const code of [firstCode, secondCode]) {
      expect(rows.rows[0]?.row).not.toContain(code.replaceAll('-', ''))
    }
  })
})
