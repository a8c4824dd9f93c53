import pg from 'pg'
import { describe, expect, it } from 'vitest'
import type { Backend } from '../../../electron/core/app-backend.ts'
import { isTwofoldError } from '../../../electron/core/errors.ts'
import { ANA_BEN_CLEO, codeOf, postgresAvailable, useFormedTeam } from './team-lab.ts'

// Removing a device by the fingerprint `team members` shows: refused at once, every client it held
// re-keyed for the devices that stay, its member still in the team.

describe.skipIf(!postgresAvailable)('removing a device', () => {
  let ana: Backend
  let ben: Backend
  let cleo: Backend
  let ids: Record<string, string>
  const lab = useFormedTeam(ANA_BEN_CLEO, (team) => {
    ;[ana, ben, cleo] = [team.owner, ...team.members] as [Backend, Backend, Backend]
    ids = team.ids
  })

  it("refuses a member another member's device, and a device itself", async () => {
    const members = await ana.team.members()
    const fingerprintOf = (name: string) => members.find((member) => member.name === name)?.fingerprint ?? ''
    const notTheirs = await ben.team.removeDevice(fingerprintOf('Cleo')).catch((error: unknown) => error)
    expect(isTwofoldError(notTheirs, 'team-forbidden')).toBe(true)
    const itself = await ana.team.removeDevice(fingerprintOf('Ana')).catch((error: unknown) => error)
    expect(isTwofoldError(itself, 'team-refused')).toBe(true)
    const unknown = await ana.team.removeDevice('00000 00000 00000 00000').catch((error: unknown) => error)
    expect(isTwofoldError(unknown, 'team-refused')).toBe(true)
  })

  it("an admin removes a member's device: refused at once, the clients it held re-keyed, the member stays", async () => {
    const acmeCode = codeOf(ana, ids.acme ?? '')
    const fingerprint = (await ana.team.members()).find((member) => member.name === 'Ben')?.fingerprint
    expect(await ana.team.removeDevice(fingerprint ?? '')).toEqual({ rotated: 1 })

    const refused = await ben.team.sync().catch((error: unknown) => error)
    expect(isTwofoldError(refused, 'team-forbidden')).toBe(true)

    await cleo.team.sync()
    expect(codeOf(cleo, ids.acme ?? '')).toBe(acmeCode)
    expect(codeOf(cleo, ids.lumen ?? '')).toBe(codeOf(ana, ids.lumen ?? ''))
    const db = new pg.Client({ connectionString: lab.databaseUrl })
    await db.connect()
    try {
      const versions = await db.query<{ account_id: string; key_version: number }>(
        'SELECT account_id, key_version FROM records WHERE account_id = ANY($1::uuid[]) ORDER BY key_version',
        [[ids.acme, ids.lumen]],
      )
      // Only the client the device held got a new key.
      expect(versions.rows).toEqual([
        { account_id: ids.lumen, key_version: 1 },
        { account_id: ids.acme, key_version: 2 },
      ])
    } finally {
      await db.end()
    }
    const exposed = cleo.queries
      .list()
      .flags.filter((flag) => flag.kind === 'exposed-to-former-member')
      .flatMap((flag) => flag.accountIds)
    expect(exposed).toEqual([ids.acme])
    const benNow = (await ana.team.members()).find((member) => member.name === 'Ben')
    expect(benNow).toMatchObject({ status: 'active', fingerprint: null })
  })
})
