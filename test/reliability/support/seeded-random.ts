import { randomInt } from 'node:crypto'

/**
 * Randomness a failing run can repeat: each suite prints its seed, and TWOFOLD_RELIABILITY_SEED
 * replays it (the same kill moments, the same fuzz cases).
 */
export function reliabilitySeed(suite: string): number {
  const fromEnv = process.env.TWOFOLD_RELIABILITY_SEED
  const seed =
    fromEnv !== undefined && /^\d{1,10}$/.test(fromEnv) ? Number(fromEnv) >>> 0 : randomInt(2 ** 31)
  console.log(`${suite}: seed ${seed} (TWOFOLD_RELIABILITY_SEED=${seed} repeats it)`)
  return seed
}

export interface SeededRandom {
  /** In [0, 1). */
  next(): number
  /** An integer in [0, below). */
  below(below: number): number
  bytes(length: number): Buffer
}

/** mulberry32: small, fast and good enough to spread kill moments and test data. */
export function seededRandom(seed: number): SeededRandom {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32
  }
  return {
    next,
    below: (below) => Math.floor(next() * below),
    bytes: (length) => Buffer.from(Array.from({ length }, () => Math.floor(next() * 256))),
  }
}
