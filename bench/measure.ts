import { performance } from 'node:perf_hooks'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

/** Repeated timings of one piece of work, in milliseconds. */
export interface Timing {
  median: number
  min: number
  max: number
  runs: number
  /**
   * Median CPU time of this process over the same runs (all its threads, so GC helpers count). On a
   * busy machine the wall-clock figure grows with other people's work; this one mostly does not.
   */
  cpuMedian?: number
}

/** Wall-clock and CPU time since `start`, in milliseconds. */
export function stopwatch(): () => { wall: number; cpu: number } {
  const wall = performance.now()
  const cpu = process.cpuUsage()
  return () => {
    const used = process.cpuUsage(cpu)
    return { wall: performance.now() - wall, cpu: (used.user + used.system) / 1000 }
  }
}

export interface MeasureOptions {
  /** Untimed runs first: they let V8 optimise and fill caches, as a running app has. */
  warmup?: number
  runs?: number
}

/**
 * Times `work` several times and keeps the median: the machine is shared (two cores, other suites
 * running), so single runs and means are at the mercy of whatever else was scheduled.
 */
export function measure(work: () => unknown, options: MeasureOptions = {}): Timing {
  const { warmup = 3, runs = 15 } = options
  for (let run = 0; run < warmup; run++) work()
  const times: number[] = []
  const cpu: number[] = []
  for (let run = 0; run < runs; run++) {
    collectGarbage()
    const stop = stopwatch()
    work()
    const elapsed = stop()
    times.push(elapsed.wall)
    cpu.push(elapsed.cpu)
  }
  return summarise(times, cpu)
}

/** As `measure`, for work that awaits (the keychain, a browser). `setup` runs untimed before each run. */
export async function measureAsync(
  work: () => Promise<unknown>,
  options: MeasureOptions & {
    setup?: () => Promise<void> | void
    teardown?: () => Promise<void> | void
  } = {},
): Promise<Timing> {
  const { warmup = 1, runs = 7, setup, teardown } = options
  const times: number[] = []
  const cpu: number[] = []
  for (let run = 0; run < warmup + runs; run++) {
    await setup?.()
    collectGarbage()
    const stop = stopwatch()
    await work()
    const elapsed = stop()
    await teardown?.()
    if (run >= warmup) {
      times.push(elapsed.wall)
      cpu.push(elapsed.cpu)
    }
  }
  return summarise(times, cpu)
}

/**
 * Times several implementations of the same work in alternation, one run of each per round (starting
 * with a different one each round), so a burst of load from another process lands on all of them and
 * the ratios between them stay fair even when the absolute times do not.
 */
export function measureTogether<K extends string>(
  work: Readonly<Record<K, () => unknown>>,
  options: MeasureOptions = {},
): Record<K, Timing> {
  const { warmup = 3, runs = 15 } = options
  const names = Object.keys(work) as K[]
  const times = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<K, number[]>
  const cpu = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<K, number[]>
  for (let round = 0; round < warmup + runs; round++) {
    for (let turn = 0; turn < names.length; turn++) {
      const name = names[(round + turn) % names.length] as K
      collectGarbage()
      const stop = stopwatch()
      work[name]()
      const elapsed = stop()
      if (round >= warmup) {
        times[name].push(elapsed.wall)
        cpu[name].push(elapsed.cpu)
      }
    }
  }
  return Object.fromEntries(names.map((name) => [name, summarise(times[name], cpu[name])])) as Record<
    K,
    Timing
  >
}

export function summarise(times: readonly number[], cpu?: readonly number[]): Timing {
  if (times.length === 0) throw new Error('no timings to summarise')
  const sorted = [...times].sort((a, b) => a - b)
  return {
    median: medianOf(sorted),
    min: sorted[0] as number,
    max: sorted.at(-1) as number,
    runs: sorted.length,
    ...(cpu && cpu.length > 0 ? { cpuMedian: medianOf([...cpu].sort((a, b) => a - b)) } : {}),
  }
}

function medianOf(sorted: readonly number[]): number {
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}

// `npm run bench` starts plain `node`, without --expose-gc; V8 still hands out its gc function this way.
setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

/** A collection between runs keeps one run's garbage from being paid for by the next. */
export function collectGarbage(): void {
  gc()
}
