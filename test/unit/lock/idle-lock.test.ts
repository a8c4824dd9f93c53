import { describe, expect, it } from 'vitest'
import { IdleLock } from '../../../electron/core/lock/idle-lock.ts'
import { manualTimers } from '../../support/manual-timers.ts'

/** A person at a desk: input resets the system's idle counter, as powerMonitor reports it. */
function desk(clock: ReturnType<typeof manualTimers>) {
  let lastInput = 0
  return {
    idleSeconds: () => Math.floor((clock.now - lastInput) / 1000),
    touch: () => (lastInput = clock.now),
  }
}

function setup(idleMinutes: number) {
  const clock = manualTimers()
  const person = desk(clock)
  const locks: number[] = []
  let unlocked = true
  const idle = new IdleLock({
    idleMinutes,
    systemIdleSeconds: person.idleSeconds,
    lock: () => {
      locks.push(clock.now)
      unlocked = false
    },
    isUnlocked: () => unlocked,
    timers: clock.timers,
  })
  idle.start()
  return { clock, person, locks, idle, unlock: () => (unlocked = true) }
}

describe('locking after minutes without input', () => {
  it('locks 5 minutes after the last input, within a second', () => {
    const { clock, locks } = setup(5)
    clock.advance(5 * 60_000 - 1_000)
    expect(locks).toEqual([])
    clock.advance(2_000)
    expect(locks).toHaveLength(1)
    expect(locks[0]).toBeGreaterThanOrEqual(300_000)
    expect(locks[0]).toBeLessThanOrEqual(301_000)
  })

  it('never locks a person who keeps working', () => {
    const { clock, person, locks } = setup(5)
    for (let minute = 0; minute < 30; minute++) {
      clock.advance(60_000)
      person.touch()
    }
    expect(locks).toEqual([])
  })

  it('counts from the last input, not from the start', () => {
    const { clock, person, locks } = setup(5)
    clock.advance(4 * 60_000)
    person.touch()
    clock.advance(4 * 60_000)
    expect(locks).toEqual([])
    clock.advance(61_000)
    expect(locks).toHaveLength(1)
  })

  it('does nothing when set to 0, and follows a changed setting', () => {
    const { clock, locks, idle } = setup(0)
    clock.advance(60 * 60_000)
    expect(locks).toEqual([])
    idle.setIdleMinutes(1)
    clock.advance(2_000)
    expect(locks).toHaveLength(1)
  })

  it('locks again after the next unlock once idle again, and never while locked', () => {
    const { clock, person, locks, unlock } = setup(1)
    clock.advance(61_000)
    expect(locks).toHaveLength(1)
    clock.advance(10 * 60_000)
    expect(locks).toHaveLength(1)
    person.touch()
    unlock()
    clock.advance(61_000)
    expect(locks).toHaveLength(2)
  })
})
