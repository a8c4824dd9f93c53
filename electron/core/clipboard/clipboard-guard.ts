import type { Clipboard } from './clipboard.ts'

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export const realTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
}

/**
 * Copied codes do not linger: after `clearAfterSeconds` (0 = never) the clipboard is emptied — but
 * only if it still holds the code we put there, so whatever the person copied since is left alone.
 * Lock and quit clear it the same way, at once.
 */
export class ClipboardGuard {
  readonly #clipboard: Clipboard
  readonly #timers: Timers
  #clearAfterSeconds: number
  #ours: string | null = null
  #timer: unknown = null

  constructor(clipboard: Clipboard, options: { clearAfterSeconds: number; timers?: Timers }) {
    this.#clipboard = clipboard
    this.#timers = options.timers ?? realTimers
    this.#clearAfterSeconds = options.clearAfterSeconds
  }

  setClearAfter(seconds: number): void {
    this.#clearAfterSeconds = seconds
  }

  /** Writes a code and arms the timer. Implements Clipboard, so the core can copy through it. */
  async writeText(text: string): Promise<void> {
    await this.#clipboard.writeText(text)
    this.#ours = text
    this.#cancelTimer()
    if (this.#clearAfterSeconds > 0) {
      this.#timer = this.#timers.setTimeout(() => void this.clearIfOurs(), this.#clearAfterSeconds * 1000)
    }
  }

  readText(): Promise<string> {
    return this.#clipboard.readText()
  }

  /** Empties the clipboard if, and only if, it still holds the last code we wrote. */
  async clearIfOurs(): Promise<boolean> {
    this.#cancelTimer()
    const ours = this.#ours
    this.#ours = null
    if (ours === null) return false
    if ((await this.#clipboard.readText()) !== ours) return false
    await this.#clipboard.writeText('')
    return true
  }

  #cancelTimer(): void {
    if (this.#timer !== null) this.#timers.clearTimeout(this.#timer)
    this.#timer = null
  }
}
