import { randomBytes } from 'node:crypto'
import { afterAll, describe, expect, it, vi } from 'vitest'
import type { Backend } from '../../../electron/core/app-backend.ts'
import { followTeam } from '../../../electron/core/team/team-follow.ts'
import { runCli } from '../cli/run-cli.ts'
import { addAccount, postgresAvailable, useFormedTeam } from './team-lab.ts'

// The app follows its team while unlocked (followTeam, as main wires it): a local edit — made in the
// app or by a `twofold` command on the same vault file — reaches colleagues without anyone syncing; a
// team joined by the CLI while the app is unlocked is followed without a re-unlock; a lock stops it.

const LIVE = { minDelayMs: 100, maxDelayMs: 1_000, localPollMs: 200, debounceMs: 50 }
const PATIENT = { timeout: 30_000, interval: 100 }

describe.skipIf(!postgresAvailable)('local edits reach the team while the app follows it', () => {
  let ana: Backend
  let ben: Backend
  let acme: string
  const stops: (() => void)[] = []
  const follow = (device: Backend) => stops.push(followTeam(device, { live: LIVE, joinPollMs: 200 }))
  const lab = useFormedTeam(
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
    async (team) => {
      ;[ana, ben] = [team.owner, ...team.members] as [Backend, Backend]
      acme = team.ids.acme ?? ''
      for (const device of [ana, ben]) follow(device)
      await vi.waitFor(() => {
        for (const device of [ana, ben]) expect(device.team.liveState()?.phase).toBe('connected')
      }, PATIENT)
    },
  )
  // Registered after the lab's own afterAll, so it runs first: before the server stops.
  afterAll(async () => {
    for (const stop of stops) stop()
    for (const device of [ana, ben]) await device?.team.stopLive()
  }, 60_000)

  const onDevice = (device: Backend, handle: string) =>
    device.queries.list().accounts.find((account) => account.handle === handle)
  const trashedOn = (device: Backend) => device.editing.listTrash().map((account) => account.handle)

  it('shows an edit made on Ana’s device on Ben’s, with nobody syncing', async () => {
    ana.editing.update(acme, { label: 'Acme, edited live' })
    await vi.waitFor(() => expect(onDevice(ben, 'acme')?.label).toBe('Acme, edited live'), PATIENT)
    // Ana's follower pushed it: nothing waits on her side.
    await vi.waitFor(async () => expect((await ana.team.status()).pending).toBe(0), PATIENT)
  }, 60_000)

  it('pushes a burst of edits, a trash and a new account of a shared client', async () => {
    for (let i = 1; i <= 5; i++) ben.editing.update(acme, { notes: `Ben's note, take ${i}` })
    const shop = onDevice(ben, 'acme.shop')?.id ?? ''
    expect(ben.editing.trash([shop])).toBe(1)
    addAccount(ben, { handle: 'acme.new', client: 'Acme', secret: 'NBSWY3DPEB3W64TM' })
    await vi.waitFor(() => {
      expect(onDevice(ana, 'acme')?.notes).toBe("Ben's note, take 5")
      expect(trashedOn(ana)).toEqual(['acme.shop'])
      expect(onDevice(ana, 'acme.new')).toBeDefined()
    }, PATIENT)
  }, 60_000)

  it('pushes an edit another connection to Ana’s vault file writes (as the CLI opens it)', async () => {
    const cli = await lab.reopen('Ana')
    try {
      cli.editing.update(acme, { notes: 'written by twofold edit beside the app' })
    } finally {
      cli.close()
    }
    await vi.waitFor(
      () => expect(onDevice(ben, 'acme')?.notes).toBe('written by twofold edit beside the app'),
      PATIENT,
    )
  }, 60_000)

  it('pushes an edit a twofold command makes in its own process on a vault the app follows', async () => {
    const password = 'Dana’s long vault password'
    const dana = await lab.device('Dana', { password })
    follow(dana)
    const { code } = await ana.team.invite({ name: 'Dana', clientNames: ['Acme'] })
    await dana.team.join({ code })
    // Ana's follower confirms the join when the server says the team changed; Dana's then brings Acme.
    await vi.waitFor(() => expect(onDevice(dana, 'acme.new')).toBeDefined(), PATIENT)
    const edited = runCli(['--password-stdin', 'edit', 'acme.new', '--label', 'Acme new, by twofold edit'], {
      home: lab.vaultHome('Dana'),
      service: `Twofold-test-${randomBytes(6).toString('hex')}`,
      stdin: `${password}\n`,
    })
    expect(edited.stderr).toBe('')
    expect(edited.status).toBe(0)
    await vi.waitFor(
      () => expect(onDevice(ben, 'acme.new')?.label).toBe('Acme new, by twofold edit'),
      PATIENT,
    )
    await dana.team.stopLive()
  }, 90_000)

  it('follows a team the CLI joined while the app was unlocked, without a re-unlock', async () => {
    const cleo = await lab.device('Cleo')
    follow(cleo)
    expect(cleo.team.liveState()).toBeNull()
    const { code } = await ana.team.invite({ name: 'Cleo', clientNames: ['Acme'] })
    const cli = await lab.reopen('Cleo')
    try {
      await cli.team.join({ code })
    } finally {
      cli.close()
    }
    await vi.waitFor(() => expect(cleo.team.liveState()?.phase).toBe('connected'), PATIENT)
    // Ana's follower confirms the join when the server says the team changed; Cleo's then brings Acme.
    await vi.waitFor(
      () => expect(onDevice(cleo, 'acme')?.notes).toBe('written by twofold edit beside the app'),
      PATIENT,
    )
    cleo.editing.update(onDevice(cleo, 'acme')?.id ?? '', { label: 'Acme, by Cleo' })
    await vi.waitFor(() => expect(onDevice(ben, 'acme')?.label).toBe('Acme, by Cleo'), PATIENT)
    await cleo.team.stopLive()
  }, 90_000)

  it('stops following at lock, and at the next unlock sends what waited', async () => {
    await ana.vault.lock()
    await vi.waitFor(() => expect(ana.team.liveState()?.phase).toBe('stopped'), PATIENT)
    ben.editing.update(acme, { label: 'Acme, while Ana was locked' })
    await vi.waitFor(async () => expect((await ben.team.status()).pending).toBe(0), PATIENT)
    // Still stopped: nothing of Ana's vault is touched while it is locked.
    expect(ana.team.liveState()?.phase).toBe('stopped')
    await ana.vault.unlock({ method: 'keychain' })
    await vi.waitFor(() => expect(onDevice(ana, 'acme')?.label).toBe('Acme, while Ana was locked'), PATIENT)
    expect(ana.team.liveState()?.phase).toBe('connected')
  }, 60_000)
})
