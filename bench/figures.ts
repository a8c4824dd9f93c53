import type { Timing } from './measure.ts'
import type { HotFunction } from './cpu-profile.ts'

/** The rows the manager asks for first (renderer/manager/data/queries.ts, FIRST_PAGE). */
export const MANAGER_FIRST_PAGE = 100

/**
 * One line of the report. `target` is an upper bound (every figure here is "at most"); references
 * (the limits the app is compared with) have none. `value` is null when the figure could not be
 * measured on this machine, and `note` says why.
 */
export interface Figure {
  name: string
  value: number | null
  unit: string
  target: number | null
  met: boolean | null
  /** Which code path was timed, in a few words: what a reader needs to reproduce it. */
  measures?: string
  /** Runs behind a median, and their spread. */
  runs?: number
  min?: number
  max?: number
  /** Median CPU time of the bench process for the same runs: what the work costs without contention. */
  cpu?: number
  /** value ÷ a reference timed in the same run, per unit of work. */
  ratios?: Record<string, number>
  /** The parts a figure is made of (ms), where they were timed separately. */
  parts?: Record<string, number>
  note?: string
}

/**
 * A change outside the bench's own files (renderer, contract, app-backend), measured here on a copy
 * of the function it would change: the figure as it is, and as it would be.
 */
export interface Proposal {
  file: string
  change: string
  figure: string
  unit: string
  now: number
  proposed: number
  note?: string
}

export interface Profile {
  /** Which figure was profiled, and how. */
  of: string
  top: HotFunction[]
}

export function timed(
  name: string,
  timing: Timing,
  target: number | null,
  extra: Omit<Figure, 'name' | 'value' | 'unit' | 'target' | 'met' | 'runs' | 'min' | 'max' | 'cpu'> = {},
): Figure {
  return {
    name,
    value: round(timing.median),
    unit: 'ms',
    target,
    met: target === null ? null : timing.median <= target,
    runs: timing.runs,
    min: round(timing.min),
    max: round(timing.max),
    ...(timing.cpuMedian === undefined ? {} : { cpu: round(timing.cpuMedian) }),
    ...extra,
  }
}

export function amount(
  name: string,
  value: number,
  unit: string,
  target: number | null,
  extra: Omit<Figure, 'name' | 'value' | 'unit' | 'target' | 'met'> = {},
): Figure {
  return { name, value: round(value), unit, target, met: target === null ? null : value <= target, ...extra }
}

export function notMeasured(name: string, unit: string, target: number | null, why: string): Figure {
  return { name, value: null, unit, target, met: null, note: `not measured: ${why}` }
}

export function round(value: number, places = 2): number {
  const factor = 10 ** places
  return Math.round(value * factor) / factor
}
