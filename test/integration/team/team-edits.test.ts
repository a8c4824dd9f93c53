import { describe, expect, it } from 'vitest'
import type { Backend } from '../../../electron/core/app-backend.ts'
import { isTwofoldError } from '../../../electron/core/errors.ts'
import { codeOf, postgresAvailable, useFormedTeam } from './team-lab.ts'

// Three devices: a grant brings a client to a member; edits made on two devices while the server is
// down meet at the next sync — different fields merge, the same field keeps both and is flagged.

describe.skipIf(!postgresAvailable)('grants and offline edits across three devices', () => {
  let ana: Backend
  let ben: Backend
  let cleo: Backend
  let ids: Record<string, string>
  const lab = useFormedTeam(
    {
      owner: {
        name: 'Ana',
        accounts: [
          { handle: 'acme', client: 'Acme', secret: 'GEZDGNBVGY3TQOJQ', notes: 'brand' },
          { handle: 'lumen', client: 'Lumen', secret: 'MFRGGZDFMZTWQ2LK' },
        ],
      },
      members: [
        { name: 'Ben', clients: ['Acme'] },
        { name: 'Cleo', clients: ['Lumen'] },
      ],
    },
    (team) => {
      ;[ana, ben, cleo] = [team.owner, ...team.members] as [Backend, Backend, Backend]
      ids = team.ids
    },
  )

  const handles = (device: Backend) =>
    device.queries
      .list()
      .accounts.map((account) => account.handle)
      .sort()

  it('gives each member only the clients granted', () => {
    expect(handles(ana)).toEqual(['acme', 'lumen'])
    expect(handles(ben)).toEqual(['acme'])
    expect(handles(cleo)).toEqual(['lumen'])
  })

  it('brings a granted client, with its accounts and codes, at the member’s next sync', async () => {
    await ana.team.grant('Ben', 'Lumen')
    await ben.team.sync()
    expect(handles(ben)).toEqual(['acme', 'lumen'])
    expect(codeOf(ben, ids.lumen ?? '')).toBe(codeOf(ana, ids.lumen ?? ''))
  })

  it('carries an edit made on one device to the others', async () => {
    ben.editing.update(ids.acme ?? '', { label: 'Acme main' })
    const pushed = await ben.team.sync()
    expect(pushed.pushed).toBe(1)
    await ana.team.sync()
    expect(ana.queries.list().accounts.find((account) => account.id === ids.acme)?.label).toBe('Acme main')
  })

  it('merges offline edits of different fields, and keeps both of one field changed on both sides', async () => {
    await lab.stopServer()
    ana.editing.update(ids.acme ?? '', { notes: 'notes by Ana', tags: ['vip'] })
    ben.editing.update(ids.acme ?? '', { notes: 'notes by Ben', handle: 'acme.official' })
    const offline = await ben.team.sync().catch((error: unknown) => error)
    expect(isTwofoldError(offline, 'team-offline')).toBe(true)
    expect((await ben.team.status()).online).toBe(false)
    expect((await ben.team.status()).pending).toBe(1)
    await lab.startServer()

    await ana.team.sync()
    const benSync = await ben.team.sync()
    expect(benSync.conflicts).toEqual([ids.acme])
    await ana.team.sync()

    for (const device of [ana, ben]) {
      const account = device.queries.list().accounts.find((entry) => entry.id === ids.acme)
      // Fields only one side changed come from that side; the one both changed keeps the server's.
      expect(account).toMatchObject({ handle: 'acme.official', tags: ['vip'], notes: 'notes by Ana' })
    }
    const flags = ben.queries.list().flags.filter((flag) => flag.kind === 'sync-conflict')
    expect(flags.map((flag) => flag.accountIds)).toEqual([[ids.acme]])
    expect(ana.queries.list().flags.some((flag) => flag.kind === 'sync-conflict')).toBe(false)
  })
})
