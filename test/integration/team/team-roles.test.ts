import { describe, expect, it } from 'vitest'
import type { Backend } from '../../../electron/core/app-backend.ts'
import { isTwofoldError } from '../../../electron/core/errors.ts'
import { codeOf, postgresAvailable, useFormedTeam } from './team-lab.ts'

// A role is bound into every device certificate and an admin holds every client's key, so making a
// member an admin (or an admin a member again) moves role, certificates and keys together.

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => error,
  )

describe.skipIf(!postgresAvailable)('changing a member’s role', () => {
  let ana: Backend
  let ben: Backend
  let cleo: Backend
  let dan: Backend
  let ids: Record<string, string>
  const lab = useFormedTeam(
    {
      owner: {
        name: 'Ana',
        accounts: [
          { handle: 'acme', client: 'Acme', secret: 'GEZDGNBVGY3TQOJQ' },
          { handle: 'lumen', client: 'Lumen', secret: 'MFRGGZDFMZTWQ2LK' },
          { handle: 'nova', client: 'Nova', secret: 'NBSWY3DPEB3W64TM' },
        ],
      },
      members: [
        { name: 'Ben', clients: ['Acme'] },
        { name: 'Cleo', clients: ['Acme'] },
      ],
    },
    (team) => {
      ;[ana, ben, cleo] = [team.owner, ...team.members] as [Backend, Backend, Backend]
      ids = team.ids
    },
  )

  const heldAccounts = (device: Backend) =>
    device.queries
      .list()
      .accounts.map((account) => account.id)
      .sort()
  const exposedOn = (device: Backend) =>
    device.queries
      .list()
      .flags.filter((flag) => flag.kind === 'exposed-to-former-member')
      .flatMap((flag) => flag.accountIds)
      .sort()
  const roleOf = async (device: Backend, name: string) =>
    (await device.team.members()).find((member) => member.name === name)?.role

  it('refuses a member who tries to make someone an admin, and changes nothing', async () => {
    const refused = await refusal(cleo.team.makeAdmin('Ben'))
    expect(isTwofoldError(refused, 'team-forbidden'), String(refused)).toBe(true)
    expect(await roleOf(ana, 'Ben')).toBe('member')
  })

  it('makes Ben an admin: he receives every shared client, and colleagues still trust his device', async () => {
    expect(heldAccounts(ben)).toEqual([ids.acme].sort())
    expect(await ana.team.makeAdmin('Ben')).toEqual({ clients: 3 })
    await ben.team.sync()
    expect(heldAccounts(ben)).toEqual([ids.acme, ids.lumen, ids.nova].sort())
    for (const handle of ['acme', 'lumen', 'nova'])
      expect(codeOf(ben, ids[handle] ?? '')).toBe(codeOf(ana, ids[handle] ?? ''))
    expect((await ben.team.status()).role).toBe('admin')
    await cleo.team.sync()
    expect(await roleOf(cleo, 'Ben')).toBe('admin')
    expect((await ben.team.members()).find((member) => member.name === 'Ben')?.clients.sort()).toEqual([
      'Acme',
      'Lumen',
      'Nova',
    ])
  })

  it('lets the new admin grant (the key he signed is taken by Cleo) and invite (his Twofold certifies Dan)', async () => {
    await ben.team.grant('Cleo', 'Nova')
    await cleo.team.sync()
    expect(codeOf(cleo, ids.nova ?? '')).toBe(codeOf(ana, ids.nova ?? ''))

    dan = await lab.device('Dan')
    await dan.team.join(await ben.team.invite({ name: 'Dan', clientNames: ['Lumen'] }))
    await ben.team.sync()
    await dan.team.sync()
    expect(heldAccounts(dan)).toEqual([ids.lumen])
    expect(codeOf(dan, ids.lumen ?? '')).toBe(codeOf(ana, ids.lumen ?? ''))
  })

  it('refuses changing the owner, demotion by an admin, and a removed member', async () => {
    const owner = await refusal(ben.team.makeAdmin('Ana'))
    expect(isTwofoldError(owner, 'team-forbidden'), String(owner)).toBe(true)
    const byAdmin = await refusal(ben.team.makeMember('Ana', []))
    expect(isTwofoldError(byAdmin, 'team-forbidden'), String(byAdmin)).toBe(true)
    const already = await refusal(ana.team.makeAdmin('Ben'))
    expect(isTwofoldError(already, 'team-refused'), String(already)).toBe(true)
    expect(await roleOf(ana, 'Ana')).toBe('owner')
  })

  it('makes Ben a member again keeping Acme: Lumen and Nova are re-keyed, leave his vault and are flagged exposed', async () => {
    const acmeBefore = codeOf(ben, ids.acme ?? '')
    expect(await ana.team.makeMember('Ben', ['Acme'])).toEqual({ kept: 1, rotated: 2 })
    await ben.team.sync()
    expect(heldAccounts(ben)).toEqual([ids.acme])
    expect(codeOf(ben, ids.acme ?? '')).toBe(acmeBefore)
    expect((await ben.team.status()).role).toBe('member')
    expect(await roleOf(ana, 'Ben')).toBe('member')
    expect(exposedOn(ana)).toEqual([ids.lumen, ids.nova].sort())

    // Dan and Cleo keep working on the new keys: Dan's device, which Ben certified as an admin, was
    // certified again by Ana's before Ben's signature stopped counting.
    for (const device of [cleo, dan]) await device.team.sync()
    expect(codeOf(dan, ids.lumen ?? '')).toBe(codeOf(ana, ids.lumen ?? ''))
    expect(codeOf(cleo, ids.nova ?? '')).toBe(codeOf(ana, ids.nova ?? ''))
    const grantByMember = await refusal(ben.team.grant('Dan', 'Acme'))
    expect(isTwofoldError(grantByMember, 'team-forbidden'), String(grantByMember)).toBe(true)
  })

  it('refuses a removed member', async () => {
    await ana.team.remove('Dan')
    const refused = await refusal(ana.team.makeAdmin('Dan'))
    expect(isTwofoldError(refused, 'team-refused'), String(refused)).toBe(true)
  })
})
