import { afterAll, describe, expect, it, vi } from 'vitest'
import type { Backend } from '../../../electron/core/app-backend.ts'
import { postgresAvailable, useFormedTeam } from './team-lab.ts'

// Live sync: devices follow the server's event stream, so a colleague's edit arrives without anyone
// syncing; a server restart is ridden out (reconnect, catch up, converge); a removed member stops.

const FAST = { minDelayMs: 100, maxDelayMs: 1_000 }
const PATIENT = { timeout: 30_000, interval: 100 }

describe.skipIf(!postgresAvailable)('live sync over the event stream', () => {
  let ana: Backend
  let ben: Backend
  let cleo: Backend
  let acme: string
  const lab = useFormedTeam(
    {
      owner: { name: 'Ana', accounts: [{ handle: 'acme', client: 'Acme', secret: 'GEZDGNBVGY3TQOJQ' }] },
      members: [
        { name: 'Ben', clients: ['Acme'] },
        { name: 'Cleo', clients: ['Acme'] },
      ],
    },
    async (team) => {
      ;[ana, ben, cleo] = [team.owner, ...team.members] as [Backend, Backend, Backend]
      acme = team.ids.acme ?? ''
      for (const device of [ana, ben, cleo]) device.team.startLive(FAST)
      await vi.waitFor(() => {
        for (const device of [ana, ben, cleo]) expect(device.team.liveState()?.phase).toBe('connected')
      }, PATIENT)
    },
  )
  // Registered after the lab's own afterAll, so it runs first: the streams end before the server does.
  afterAll(async () => {
    for (const device of [ana, ben, cleo]) await device?.team.stopLive()
  }, 60_000)

  const acmeOn = (device: Backend) => device.queries.list().accounts.find((account) => account.id === acme)

  it('shows a colleague’s edit without a sync, and tells the windows', async () => {
    const changed: string[][] = []
    const unsubscribe = ben.subscribe('vault:changed', (change) => changed.push(change.tables))
    ana.editing.update(acme, { label: 'Acme live' })
    await ana.team.sync()
    await vi.waitFor(() => expect(acmeOn(ben)?.label).toBe('Acme live'), PATIENT)
    await vi.waitFor(() => expect(changed.flat()).toContain('accounts'), PATIENT)
    unsubscribe()
    expect((await ben.team.status()).live).toBe('connected')
    expect((await ben.team.status()).online).toBe(true)
  }, 60_000)

  it('rides out a server restart: both reconnect, catch up and converge', async () => {
    await lab.stopServer()
    await vi.waitFor(async () => {
      const status = await ben.team.status()
      expect(status.online).toBe(false)
      expect(status.offlineSince).not.toBeNull()
    }, PATIENT)
    ana.editing.update(acme, { label: 'Acme offline' })
    ben.editing.update(acme, { notes: 'notes by Ben, offline' })
    expect((await ben.team.status()).pending).toBe(1)
    await lab.startServer()

    // Nobody syncs by hand: each device's reconnect pushes its own edit, and the other hears of it.
    await vi.waitFor(() => {
      for (const device of [ana, ben, cleo])
        expect(acmeOn(device)).toMatchObject({ label: 'Acme offline', notes: 'notes by Ben, offline' })
    }, PATIENT)
    for (const device of [ana, ben, cleo]) {
      await vi.waitFor(async () => expect((await device.team.status()).online).toBe(true), PATIENT)
      expect((await device.team.status()).offlineSince).toBeNull()
    }
  }, 90_000)

  it('stops a removed member’s live sync and says it was refused, without retrying', async () => {
    await ana.team.remove('Cleo')
    await vi.waitFor(() => expect(cleo.team.liveState()?.phase).toBe('refused'), PATIENT)
    const status = await cleo.team.status()
    expect(status.live).toBe('refused')
    expect(status.liveError).toBe('team-forbidden')
    expect(status.online).toBe(false)
    // The others stay connected.
    expect(ben.team.liveState()?.phase).toBe('connected')
  }, 60_000)

  it('stops following the team when the vault locks', async () => {
    await ben.vault.lock()
    await vi.waitFor(() => expect(ben.team.liveState()?.phase).toBe('stopped'), PATIENT)
  }, 60_000)
})
