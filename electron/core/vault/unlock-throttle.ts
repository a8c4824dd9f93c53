import type Database from 'better-sqlite3'

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

/** What `beginAttempt` decided: go ahead (the attempt is already counted) or wait. */
export type AttemptDecision = ThrottleState & { allowed: boolean }

/**
 * Failed password and recovery-key attempts, counted in the vault file itself so neither restarting
 * the app nor switching to the CLI resets the delay.
 *
 * An attempt is counted as failed *before* its key derivation runs and forgiven when it succeeds: an
 * attempt counted afterwards let thirty guesses sent at once all pass the check while the first was
 * still deriving. The check and the count share one write transaction (`BEGIN IMMEDIATE`), so the app
 * and the CLI opening the same file cannot both slip through on the same count.
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

  /** Counts an attempt as failed unless a wait is due; the caller derives a key only when allowed. */
  beginAttempt(): AttemptDecision {
    return this.#db
      .transaction((): AttemptDecision => {
        const now = this.#now()
        // Re-stamp a failure from the future at "now", or the clamped wait would never run down while
        // the clock catches up with the jump.
        this.#db
          .prepare('UPDATE unlock_throttle SET last_failure_at = ? WHERE id = 1 AND last_failure_at > ?')
          .run(now, now)
        const before = this.state()
        if (before.retryAfterMs > 0) return { allowed: false, ...before }
        this.#db
          .prepare(
            'UPDATE unlock_throttle SET failed_attempts = failed_attempts + 1, last_failure_at = ? WHERE id = 1',
          )
          .run(now)
        return { allowed: true, ...this.state() }
      })
      .immediate()
  }

  /** The right secret: the count starts again. */
  reset(): void {
    this.#db
      .prepare('UPDATE unlock_throttle SET failed_attempts = 0, last_failure_at = NULL WHERE id = 1')
      .run()
  }
}
