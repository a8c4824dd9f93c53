import type { Timers } from '../../electron/core/clipboard/clipboard-guard.ts'

/** Timers that fire only when the test moves time on: the clock is outside what a test controls. */
export function manualTimers() {
  let now = 0
  let nextId = 1
  const pending = new Map<number, { at: number; callback: () => void }>()
  const timers: Timers = {
    setTimeout(callback, ms) {
      const id = nextId++
      pending.set(id, { at: now + ms, callback })
      return id
    },
    clearTimeout(handle) {
      pending.delete(handle as number)
    },
  }
  return {
    timers,
    get now() {
      return now
    },
    get pendingCount() {
      return pending.size
    },
    /** Moves time forward, firing every timer that falls due, in order. */
    advance(ms: number) {
      const until = now + ms
      for (;;) {
        const due = [...pending.entries()]
          .filter(([, timer]) => timer.at <= until)
          .sort((a, b) => a[1].at - b[1].at)[0]
        if (!due) break
        pending.delete(due[0])
        now = due[1].at
        due[1].callback()
      }
      now = until
    },
  }
}
