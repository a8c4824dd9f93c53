import pg from 'pg'
import { describe, expect, it } from 'vitest'
import type { Backend } from '../../../electron/core/app-backend.ts'
import { isTwofoldError } from '../../../electron/core/errors.ts'
import { ANA_BEN_CLEO, codeOf, postgresAvailable, useFormedTeam } from './team-lab.ts'

// Removing a member: refused at once, every client it held re-keyed for those who remain, and every
// account of those clients flagged until its secret is replaced.

describe.skipIf(!postgresAvailable)('removing a member', () => {
  let ana: Backend
  let ben: Backend
  let cleo: Backend
  let ids: Record<string, string>
  const lab = useFormedTeam(ANA_BEN_CLEO, (team) => {
    ;[ana, ben, cleo] = [team.owner, ...team.members] as [Backend, Backend, Backend]
    ids = team.ids
  })

  it('refuses the removed member at once and re-keys the clients it held', async () => {
    const acmeCode = codeOf(ana, ids.acme ?? '')
    expect(await ana.team.remove('Ben')).toEqual({ rotated: 1 })

    const refused = await ben.team.sync().catch((error: unknown) => error)
    expect(isTwofoldError(refused, 'team-forbidden')).toBe(true)

    await cleo.team.sync()
    expect(codeOf(cleo, ids.acme ?? '')).toBe(acmeCode)
    expect(codeOf(cleo, ids.lumen ?? '')).toBe(codeOf(ana, ids.lumen ?? ''))

    const db = new pg.Client({ connectionString: lab.databaseUrl })
    await db.connect()
    try {
      const versions = await db.query<{ key_version: number }>(
        'SELECT DISTINCT key_version FROM records WHERE account_id = $1',
        [ids.acme],
      )
      expect(versions.rows.map((row) => row.key_version)).toEqual([2])
    } finally {
      await db.end()
    }
    expect((await ana.team.members()).find((member) => member.name === 'Ben')?.status).toBe('removed')
  })

  it('flags what the removed member could have copied until its secret is replaced', async () => {
    const exposed = (device: Backend) =>
      device.queries
        .list()
        .flags.filter((flag) => flag.kind === 'exposed-to-former-member')
        .flatMap((flag) => flag.accountIds)
    expect(exposed(ana)).toEqual([ids.acme])
    expect(exposed(cleo)).toEqual([ids.acme])

    ana.editing.replaceAuthenticator(ids.acme ?? '', {
      source: 'manual',
      secret: 'KRSXG5CTMVRXEZLU',
      type: 'totp',
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
    })
    await ana.team.sync()
    await cleo.team.sync()
    expect(exposed(ana)).toEqual([])
    expect(exposed(cleo)).toEqual([])
    expect(codeOf(cleo, ids.acme ?? '')).toBe(codeOf(ana, ids.acme ?? ''))
  })
})
