import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { TwofoldError } from '../../../electron/core/errors.ts'
import { TeamLiveSync, type LiveSyncPort } from '../../../electron/core/team/team-live-sync.ts'

// How live sync pushes local edits, against a port whose stream stays open and whose syncs the test
// decides. The clock is fake (the subject is how often the server is asked, not how fast anything
// runs); the real thing runs against a real server in test/integration/team/team-live-push.test.ts.

interface FakeTeam {
  port: LiveSyncPort
  syncs: number
  running: number
  mostAtOnce: number
  pending: boolean
  fail: boolean
  /** Each sync waits for this before it ends (the test holds one open to see what piles up). */
  gate: Promise<void>
}

function fakeTeam(): FakeTeam {
  const team: FakeTeam = {
    syncs: 0,
    running: 0,
    mostAtOnce: 0,
    pending: false,
    fail: false,
    gate: Promise.resolve(),
    port: {
      // A stream that stays open, with nothing on it, until the connection is aborted.
      open: (signal) =>
        Promise.resolve(
          new ReadableStream<Uint8Array>({
            start: (controller) => signal.addEventListener('abort', () => controller.close()),
          }),
        ),
      sync: async () => {
        team.syncs++
        team.running++
        team.mostAtOnce = Math.max(team.mostAtOnce, team.running)
        // Like push: it takes what is pending when it begins; edits made meanwhile stay pending.
        const taken = team.pending
        team.pending = false
        try {
          await team.gate
          if (team.fail) {
            team.pending ||= taken
            throw new TwofoldError('team-offline', 'The team server did not answer.')
          }
        } finally {
          team.running--
        }
      },
      lastSeq: () => 0,
      now: () => Date.now(),
      localPending: () => team.pending,
    },
  }
  return team
}

const OPTIONS = { idleTimeoutMs: 10 * 60_000, localPollMs: 1_000, debounceMs: 300, random: () => 0.5 }

describe('live sync pushing local edits', () => {
  let team: FakeTeam
  let live: TeamLiveSync

  beforeEach(async () => {
    vi.useFakeTimers()
    team = fakeTeam()
    live = new TeamLiveSync(team.port, OPTIONS)
    live.start()
    // Connected, and the catch-up sync of the connection is done.
    await vi.advanceTimersByTimeAsync(10)
    expect(live.state().phase).toBe('connected')
    expect(team.syncs).toBe(1)
  })
  afterEach(async () => {
    await live.stop()
    vi.useRealTimers()
  })

  it('pushes a burst of edits announced by this process once it settles', async () => {
    for (let i = 0; i < 5; i++) {
      team.pending = true
      live.localChanged()
      await vi.advanceTimersByTimeAsync(100)
    }
    expect(team.syncs).toBe(1)
    await vi.advanceTimersByTimeAsync(300)
    expect(team.syncs).toBe(2)
    expect(team.pending).toBe(false)
  })

  it('finds edits nobody announced (another process wrote) within a poll', async () => {
    team.pending = true
    await vi.advanceTimersByTimeAsync(1_000 + 300)
    expect(team.syncs).toBe(2)
    await vi.advanceTimersByTimeAsync(10_000)
    expect(team.syncs).toBe(2)
  })

  it('never runs two syncs at once: edits made during one go in one more after it', async () => {
    let open: () => void = () => undefined
    team.gate = new Promise((resolve) => (open = resolve))
    team.pending = true
    live.localChanged()
    await vi.advanceTimersByTimeAsync(300)
    expect(team.running).toBe(1)
    for (let i = 0; i < 10; i++) {
      team.pending = true
      live.localChanged()
      await vi.advanceTimersByTimeAsync(1_000)
    }
    // The first sync took what was pending when it began; the edits made since wait for one more.
    team.gate = Promise.resolve()
    open()
    await vi.advanceTimersByTimeAsync(2_000)
    expect(team.mostAtOnce).toBe(1)
    expect(team.syncs).toBe(3)
    expect(team.pending).toBe(false)
  })

  it('asks a failing server again only after a growing delay, then pushes when it is back', async () => {
    team.fail = true
    team.pending = true
    live.localChanged()
    await vi.advanceTimersByTimeAsync(60_000)
    // Every second would be 60; the delay doubles from one second up to a minute.
    expect(team.syncs - 1).toBeLessThanOrEqual(7)
    expect(live.state().lastError).toBe('team-offline')
    team.fail = false
    await vi.advanceTimersByTimeAsync(61_000)
    expect(team.pending).toBe(false)
    expect(live.state().lastError).toBeNull()
  })

  it('pushes nothing after it stops', async () => {
    await live.stop()
    const before = team.syncs
    team.pending = true
    live.localChanged()
    await vi.advanceTimersByTimeAsync(10_000)
    expect(team.syncs).toBe(before)
    expect(live.state().phase).toBe('stopped')
  })
})
