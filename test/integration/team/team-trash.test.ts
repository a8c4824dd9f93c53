import { describe, expect, it } from 'vitest'
import type { Backend } from '../../../electron/core/app-backend.ts'
import { postgresAvailable, useFormedTeam } from './team-lab.ts'

// A team account moved to the trash on one device is trashed on the others at their next sync, and a
// restore comes back the same way.

describe.skipIf(!postgresAvailable)('trashing a team account', () => {
  let ana: Backend
  let ben: Backend
  let acme: string
  useFormedTeam(
    {
      owner: {
        name: 'Ana',
        accounts: [
          { handle: 'acme', client: 'Acme', secret: 'GEZDGNBVGY3TQOJQ' },
          { handle: 'acme.shop', client: 'Acme', secret: 'MFRGGZDFMZTWQ2LK' },
        ],
      },
      members: [{ name: 'Ben', clients: ['Acme'] }],
    },
    (team) => {
      ;[ana, ben] = [team.owner, ...team.members] as [Backend, Backend]
      acme = team.ids.acme ?? ''
    },
  )

  const handles = (device: Backend) =>
    device.queries
      .list()
      .accounts.map((account) => account.handle)
      .sort()
  const trashed = (device: Backend) => device.editing.listTrash().map((account) => account.id)

  it('moves the account to the trash on the other device too', async () => {
    expect(ana.editing.trash([acme])).toBe(1)
    expect((await ana.team.sync()).pushed).toBe(1)
    await ben.team.sync()
    expect(handles(ben)).toEqual(['acme.shop'])
    expect(trashed(ben)).toEqual([acme])
  })

  it('brings it back on the other device when restored', async () => {
    expect(ben.editing.restore([acme])).toBe(1)
    expect((await ben.team.sync()).pushed).toBe(1)
    await ana.team.sync()
    expect(handles(ana)).toEqual(['acme', 'acme.shop'])
    expect(trashed(ana)).toEqual([])
  })
})
