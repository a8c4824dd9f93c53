import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBackend } from '../../electron/core/app-backend.ts'
import { expectKilledOrFinished, startNodeProcess } from './support/node-process.ts'
import { reliabilitySeed, seededRandom } from './support/seeded-random.ts'
import {
  call,
  expectIntact,
  pristineCopy,
  pristineVault,
  reliabilityKeychain,
  snapshot,
  VAULT_PASSWORD,
  type VaultSnapshot,
} from './support/vault-fixture.ts'

// A password change makes a new vault key and re-seals every secret under it in one transaction. A
// process killed with SIGKILL at a random moment of the change must leave a vault that opens with
// exactly one of the two passwords — and with the recovery key — with every secret still decrypting.

const RUNS = 8
/** Kills aimed inside the re-sealing transaction itself, which random moments rarely hit. */
const AIMED_RUNS = 6
const EXISTING = 1_500
const NEW_PASSWORD = 'the password after the change'
const LONG_WRITE_MS = 10
const child = resolve(import.meta.dirname, 'support/change-password-child.ts')

describe('kill -9 during a password change (a new vault key, every secret re-sealed)', () => {
  const seed = reliabilitySeed('kill-during-password-change')
  const random = seededRandom(seed)
  const keychain = reliabilityKeychain()
  let base: string
  let recoveryKey: string
  let before: VaultSnapshot
  let changeMs = 0
  let resealMs = 0
  const tally = { old: 0, new: 0 }

  beforeAll(async () => {
    base = mkdtempSync(join(tmpdir(), 'twofold-reliability-rekey-'))
    ;({ recoveryKey, before } = await pristineVault(base, { keychain, count: EXISTING, random }))
  })

  afterAll(() => {
    rmSync(base, { recursive: true, force: true })
    console.log(
      `kill-during-password-change: seed ${seed}, change ${Math.round(changeMs)} ms, re-sealing transaction ${Math.round(resealMs)} ms`,
    )
    console.table([tally])
  })

  /** The change in a process of its own; `onUnlocked` fires once it has unlocked with the old password. */
  function start(home: string) {
    const run = startNodeProcess(child, [home, keychain.service], {
      stdin: `${VAULT_PASSWORD}\n${NEW_PASSWORD}\n`,
    })
    const listeners: (() => void)[] = []
    run.onStderr((stderr) => {
      if (stderr.includes('unlocked')) for (const listener of listeners.splice(0)) listener()
    })
    // Not a spread: it would freeze stderr's getter at this moment.
    return Object.assign(run, { onUnlocked: (listener: () => void) => void listeners.push(listener) })
  }

  /**
   * Watches the vault's write lock from outside, as another process would: a BEGIN IMMEDIATE that
   * keeps meeting SQLITE_BUSY for LONG_WRITE_MS is the re-sealing transaction (the attempt count's
   * small commits take a sync, a few milliseconds at most). Calls `onHeld` once, that far into it;
   * `stop` says how long the longest hold lasted.
   */
  function watchLongWrite(home: string, onHeld: () => void): { stop(): number } {
    const probe = new Database(join(home, 'vault.sqlite3'), { fileMustExist: true })
    probe.pragma('busy_timeout = 0')
    let busySince = 0
    let longest = 0
    let called = false
    const timer = setInterval(() => {
      const now = performance.now()
      try {
        probe.prepare('BEGIN IMMEDIATE').run()
        probe.prepare('COMMIT').run()
        if (busySince > 0) longest = Math.max(longest, now - busySince)
        busySince = 0
      } catch {
        if (busySince === 0) busySince = now
        if (!called && now - busySince >= LONG_WRITE_MS) {
          called = true
          onHeld()
        }
      }
    }, 1)
    return {
      stop() {
        clearInterval(timer)
        probe.close()
        return longest
      },
    }
  }

  async function opensWith(home: string, password: string): Promise<VaultSnapshot | null> {
    const backend = createBackend({ home, keychain })
    try {
      const result = await backend.dispatch('vault:unlock', { method: 'password', password })
      if (!result.ok) {
        expect(result.error.code).toBe('wrong-password')
        return null
      }
      return snapshot(backend)
    } finally {
      backend.close()
    }
  }

  async function check(home: string, context: string): Promise<'old' | 'new'> {
    const raw = new Database(join(home, 'vault.sqlite3'), { fileMustExist: true })
    expect(raw.pragma('integrity_check', { simple: true }), context).toBe('ok')
    raw.close()
    const withOld = await opensWith(home, VAULT_PASSWORD)
    const withNew = await opensWith(home, NEW_PASSWORD)
    expect(
      [withOld, withNew].filter((found) => found !== null),
      context,
    ).toHaveLength(1)
    expectIntact(before, (withOld ?? withNew) as VaultSnapshot)
    const backend = createBackend({ home, keychain })
    try {
      await call(backend, 'vault:unlock', { method: 'recovery', recoveryKey })
      expectIntact(before, snapshot(backend))
    } finally {
      backend.close()
    }
    return withOld ? 'old' : 'new'
  }

  it('changes the password and keeps every secret when nothing interrupts it', async () => {
    const home = pristineCopy(base, 'uninterrupted')
    const run = start(home)
    let unlockedAt = 0
    run.onUnlocked(() => (unlockedAt = performance.now()))
    const watch = watchLongWrite(home, () => undefined)
    const ended = await run.ended
    changeMs = performance.now() - unlockedAt
    resealMs = watch.stop()
    expect(resealMs, 'the re-sealing transaction was seen').toBeGreaterThan(LONG_WRITE_MS)
    expect(ended, run.stderr).toMatchObject({ status: 0 })
    expect(await check(home, 'uninterrupted')).toBe('new')
  })

  it(`opens with exactly one of the two passwords after ${RUNS} kills during the change`, async () => {
    for (let index = 0; index < RUNS; index++) {
      const home = pristineCopy(base, `kill-${index}`)
      const run = start(home)
      const delay = random.next() * changeMs
      let timer: NodeJS.Timeout | undefined
      run.onUnlocked(() => (timer = setTimeout(() => run.kill(), delay)))
      const ended = await run.ended
      clearTimeout(timer)
      const context = `kill ${index + 1}, ${Math.round(delay)} ms after the unlock`
      expectKilledOrFinished(ended, context, run.stderr)
      tally[await check(home, context)]++
      rmSync(home, { recursive: true, force: true })
    }
    expect(tally.old + tally.new).toBe(RUNS)
  })

  it(`does the same for ${AIMED_RUNS} kills inside the re-sealing transaction`, async () => {
    const aimed = { old: 0, new: 0 }
    for (let index = 0; index < AIMED_RUNS; index++) {
      const home = pristineCopy(base, `aimed-${index}`)
      const run = start(home)
      const delay = random.next() * Math.max(resealMs - LONG_WRITE_MS, 0)
      let timer: NodeJS.Timeout | undefined
      const watch = watchLongWrite(home, () => (timer = setTimeout(() => run.kill(), delay)))
      const ended = await run.ended
      clearTimeout(timer)
      watch.stop()
      const context = `aimed kill ${index + 1}, ${Math.round(delay + LONG_WRITE_MS)} ms into the transaction`
      expectKilledOrFinished(ended, context, run.stderr)
      aimed[await check(home, context)]++
      rmSync(home, { recursive: true, force: true })
    }
    console.log(`aimed kills: ${aimed.old} left the old password, ${aimed.new} the new`)
    expect(aimed.old + aimed.new).toBe(AIMED_RUNS)
  })
})
