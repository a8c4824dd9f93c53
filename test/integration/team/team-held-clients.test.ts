import { describe, expect, it } from 'vitest'
import type { Backend } from '../../../electron/core/app-backend.ts'
import type { HeldClientsChange } from '../../../electron/core/team/held-clients-change.ts'
import { postgresAvailable, useFormedTeam } from './team-lab.ts'

// What the desktop notification is made from: a sync that brings a member a client, or takes one
// away, tells whoever listens by the clients' names — once, and nothing for a sync that changes neither.

describe.skipIf(!postgresAvailable)('clients coming and going at a sync', () => {
  let ana: Backend
  let ben: Backend
  const heard: HeldClientsChange[] = []
  useFormedTeam(
    {
      owner: {
        name: 'Ana',
        accounts: [
          { handle: 'acme', client: 'Acme' },
          { handle: 'lumen', client: 'Lumen' },
        ],
      },
      members: [{ name: 'Ben', clients: ['Acme'] }],
    },
    (team) => {
      ;[ana, ben] = [team.owner, ...team.members] as [Backend, Backend]
      ben.team.onHeldClientsChanged((change) => heard.push(change))
    },
  )

  it('names a client granted, then taken back, once each', async () => {
    await ben.team.sync()
    expect(heard).toEqual([])

    await ana.team.grant('Ben', 'Lumen')
    await ben.team.sync()
    expect(heard).toEqual([{ gained: ['Lumen'], lost: [] }])
    await ben.team.sync()
    expect(heard).toHaveLength(1)

    await ana.team.revoke('Ben', 'Lumen')
    await ben.team.sync()
    expect(heard).toEqual([
      { gained: ['Lumen'], lost: [] },
      { gained: [], lost: ['Lumen'] },
    ])
  })
})
