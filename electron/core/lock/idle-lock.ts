import type { Timers } from '../clipboard/clipboard-guard.ts'
import { realTimers } from '../clipboard/clipboard-guard.ts'

export interface IdleLockOptions {
  /** Minutes without input before locking; 0 turns idle locking off. */
  idleMinutes: number
  /** Seconds since the person last touched keyboard or mouse, system-wide (powerMonitor in the app). */
  systemIdleSeconds: () => number
  lock: () => void
  isUnlocked: () => boolean
  timers?: Timers
}

/**
 * Locks the vault after a stretch without input. It asks the system how long it has been idle, then
 * sleeps until the earliest moment the limit could be reached — so a busy person is never locked out
 * mid-task and an idle machine locks within seconds of the limit, without polling every second.
 */
export class IdleLock {
  readonly #options: IdleLockOptions
  readonly #timers: Timers
  #idleMinutes: number
  #timer: unknown = null

  constructor(options: IdleLockOptions) {
    this.#options = options
    this.#timers = options.timers ?? realTimers
    this.#idleMinutes = options.idleMinutes
  }

  start(): void {
    this.#schedule(0)
  }

  stop(): void {
    if (this.#timer !== null) this.#timers.clearTimeout(this.#timer)
    this.#timer = null
  }

  setIdleMinutes(minutes: number): void {
    this.#idleMinutes = minutes
    this.stop()
    this.start()
  }

  /** Runs one check now; exposed so the app can check right after an unlock. */
  check(): void {
    this.#timer = null
    const limitSeconds = this.#idleMinutes * 60
    if (limitSeconds <= 0) return
    if (!this.#options.isUnlocked()) {
      this.#schedule(limitSeconds)
      return
    }
    const idle = this.#options.systemIdleSeconds()
    if (idle >= limitSeconds) {
      this.#options.lock()
      this.#schedule(limitSeconds)
      return
    }
    this.#schedule(limitSeconds - idle)
  }

  #schedule(seconds: number): void {
    if (this.#timer !== null) this.#timers.clearTimeout(this.#timer)
    // Never sleep less than a second (busy loop) nor more than a minute (settings change, clock jumps).
    const ms = Math.min(Math.max(seconds, 1), 60) * 1000
    this.#timer = this.#timers.setTimeout(() => this.check(), ms)
  }
}
