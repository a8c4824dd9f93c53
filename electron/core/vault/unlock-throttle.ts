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

/**
 * Failed password and recovery-key attempts, counted in the vault file itself so neither restarting
 * the app nor switching to the CLI resets the delay.
 */
export class UnlockThrottle {
  private readonly db: Database.Database
  private readonly now: () => number

  constructor(db: Database.Database, now: () => number) {
    this.db = db
    this.now = now
  }

  state(): ThrottleState {
    const row = this.db
      .prepare('SELECT failed_attempts, last_failure_at FROM unlock_throttle WHERE id = 1')
      .get() as { failed_attempts: number; last_failure_at: number | null } | undefined
    const failedAttempts = row?.failed_attempts ?? 0
    const last = row?.last_failure_at ?? 0
    const waitUntil = last + delayAfterFailures(failedAttempts)
    return { failedAttempts, retryAfterMs: Math.max(0, waitUntil - this.now()) }
  }

  recordFailure(): ThrottleState {
    this.db
      .prepare(
        'UPDATE unlock_throttle SET failed_attempts = failed_attempts + 1, last_failure_at = ? WHERE id = 1',
      )
      .run(this.now())
    return this.state()
  }

  reset(): void {
    this.db
      .prepare('UPDATE unlock_throttle SET failed_attempts = 0, last_failure_at = NULL WHERE id = 1')
      .run()
  }
}
