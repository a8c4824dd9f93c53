import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A fresh vault folder per test, removed afterwards. */
export function tempHome(): { home: string; remove(): void } {
  const home = mkdtempSync(join(tmpdir(), 'twofold-test-'))
  return { home, remove: () => rmSync(home, { recursive: true, force: true }) }
}

/** A clock tests move by hand. */
export function manualClock(start = Date.UTC(2026, 10, 24, 12, 0, 0)) {
  let now = start
  return {
    now: () => now,
    advance(ms: number) {
      now += ms
    },
  }
}
