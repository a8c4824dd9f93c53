import type Database from 'better-sqlite3'
import { randomUUID } from 'node:crypto'

/** Attempts allowed before any wait; a person mistyping twice or thrice never meets the delay. */
export const FREE_ATTEMPTS = 5
const FIRST_DELAY_MS = 30_000
const MAX_DELAY_MS = 60 * 60_000

export interface ThrottleState {
  failedAttempts: number
  retryAfterMs: number
}

/** After the free attempts, each failure doubles the wait: 30 s, 1 min, 2 min … capped at an hour. */
export function delayAfterFailures(failedAttempts: number): number {
  if (failedAttempts < FREE_ATTEMPTS) return 0
  return Math.min(FIRST_DELAY_MS * 2 ** (failedAttempts - FREE_ATTEMPTS), MAX_DELAY_MS)
}

/**
 * An attempt in flight longer than this was left by a process that died mid-derivation (a derivation
 * takes about a second): it counts as failed, so killing processes is no way round the count.
 */
export const IN_FLIGHT_LIMIT_MS = 60_000

/**
 * What `beginAttempt` decided: go ahead (with the attempt's id, to report how it ended), wait for the
 * outcome of attempts still in flight (`waitForOthers`), or wait out the delay failures earned.
 */
export type AttemptDecision = ThrottleState & {
  allowed: boolean
  attemptId?: string
  waitForOthers?: boolean
}

/**
 * Failed password and recovery-key attempts, counted in the vault file itself so neither restarting
 * the app nor switching to the CLI resets the delay.
 *
 * Attempts still deriving their key are kept in the file too (`unlock_attempts`), whichever process
 * runs them, and count as failures that may yet happen: only as many may run at once as failures are
 * still free, and after the free ones, one at a time. The rest wait for those outcomes rather than
 * being refused (thirty guesses sent at once still derive at most five keys before the delay; a fifth
 * `twofold` started together with the right password is not told of failures nobody made). The check
 * and the record share one write transaction (`BEGIN IMMEDIATE`), so the app and the CLI opening the
 * same file cannot both slip through on the same count.
 */
export class UnlockThrottle {
  readonly #db: Database.Database
  readonly #now: () => number

  constructor(db: Database.Database, now: () => number) {
    this.#db = db
    this.#now = now
  }

  state(): ThrottleState {
    const row = this.#db
      .prepare('SELECT failed_attempts, last_failure_at FROM unlock_throttle WHERE id = 1')
      .get() as { failed_attempts: number; last_failure_at: number | null } | undefined
    const failedAttempts = row?.failed_attempts ?? 0
    const delay = delayAfterFailures(failedAttempts)
    const waitUntil = (row?.last_failure_at ?? 0) + delay
    // A failure stamped in the future means the clock went back: the wait is never longer than the
    // delay the count earned, however far it went.
    return { failedAttempts, retryAfterMs: Math.min(delay, Math.max(0, waitUntil - this.#now())) }
  }

  /** Records an attempt as in flight unless a wait is due; the caller derives a key only when allowed. */
  beginAttempt(): AttemptDecision {
    return this.#db
      .transaction((): AttemptDecision => {
        const now = this.#now()
        // Re-stamp a failure from the future at "now", or the clamped wait would never run down while
        // the clock catches up with the jump.
        this.#db
          .prepare('UPDATE unlock_throttle SET last_failure_at = ? WHERE id = 1 AND last_failure_at > ?')
          .run(now, now)
        // Abandoned attempts (and any stamped far in the future by a clock that went back) are failures.
        const abandoned = this.#db
          .prepare('DELETE FROM unlock_attempts WHERE started_at <= ? OR started_at > ?')
          .run(now - IN_FLIGHT_LIMIT_MS, now + IN_FLIGHT_LIMIT_MS).changes
        if (abandoned > 0) this.#countFailures(abandoned, now)
        const before = this.state()
        if (before.retryAfterMs > 0) return { allowed: false, ...before }
        const inFlight = this.#db.prepare('SELECT count(*) FROM unlock_attempts').pluck().get() as number
        if (inFlight > 0 && delayAfterFailures(before.failedAttempts + inFlight) > 0)
          return { allowed: false, waitForOthers: true, ...before }
        const attemptId = randomUUID()
        this.#db.prepare('INSERT INTO unlock_attempts (id, started_at) VALUES (?, ?)').run(attemptId, now)
        return { allowed: true, attemptId, ...before }
      })
      .immediate()
  }

  /** The attempt's secret opened nothing (or its derivation broke): one more failure. */
  failed(attemptId: string): ThrottleState {
    return this.#db
      .transaction((): ThrottleState => {
        // Already gone: counted as abandoned meanwhile, and not to be counted twice.
        if (this.#end(attemptId)) this.#countFailures(1, this.#now())
        return this.state()
      })
      .immediate()
  }

  /** The right secret: the count starts again. */
  succeeded(attemptId?: string): void {
    this.#db
      .transaction(() => {
        if (attemptId !== undefined) this.#end(attemptId)
        this.#db
          .prepare('UPDATE unlock_throttle SET failed_attempts = 0, last_failure_at = NULL WHERE id = 1')
          .run()
      })
      .immediate()
  }

  #end(attemptId: string): boolean {
    return this.#db.prepare('DELETE FROM unlock_attempts WHERE id = ?').run(attemptId).changes > 0
  }

  #countFailures(count: number, now: number): void {
    this.#db
      .prepare(
        'UPDATE unlock_throttle SET failed_attempts = failed_attempts + ?, last_failure_at = ? WHERE id = 1',
      )
      .run(count, now)
  }
}
