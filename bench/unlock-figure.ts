import { execFileSync } from 'node:child_process'
import { resolve } from 'node:path'
import { deserialize, serialize } from 'node:v8'
import type { Backend } from '../electron/core/app-backend.ts'
import { answerOf, type BenchVault } from './bench-vault.ts'
import { notMeasured, round, timed, type Figure, MANAGER_FIRST_PAGE } from './figures.ts'
import { collectGarbage, measureAsync, stopwatch, summarise } from './measure.ts'

const NAME = 'unlock: open + keychain + first accounts:list'
const TARGET_MS = 150
const RUNS = 9
/** The JIT needs a few rounds before reading accounts and the rules run at full speed. */
const WARMUP = 3
/** Separate processes for the first unlock after starting: what the app's launch pays. */
const FRESH_PROCESSES = 3

/** The unlock sequence once in each of a few new processes (bench/unlock-once.ts), step by step. */
function freshProcessUnlocks(vault: BenchVault): Record<string, number>[] {
  const script = resolve(import.meta.dirname, 'unlock-once.ts')
  return Array.from(
    { length: FRESH_PROCESSES },
    () =>
      JSON.parse(
        execFileSync(process.execPath, [script, vault.home, vault.keychainService], { encoding: 'utf8' }),
      ) as Record<string, number>,
  )
}

type Step = 'open' | 'status' | 'unlock' | 'first page'

/** What a window holds once an answer has crossed into it, and how big it was. */
interface Listed {
  accounts: unknown[]
  flags: unknown[]
  total: number
}

/**
 * What starting the app and unlocking costs, step by step as the manager does it: the backend opens
 * the vault file (migrations checked), the window asks `vault:status` (which may look at the
 * keychain), unlocks with the keychain (a Secret Service read over D-Bus, then the key check), and
 * asks `accounts:list {first: 100}` — the manager's first page, which it shows at once — and has the
 * answer once Electron's structured clone has carried it into the window. The whole `accounts:list`
 * the manager asks for next is timed after that, in the same backend, and reported as a part: it no
 * longer stands between unlocking and the first rows.
 */
export async function unlockFigure(vault: BenchVault): Promise<{ figures: Figure[] }> {
  if (!vault.usesKeychain) {
    const why = 'no Secret Service reachable, so the vault unlocks with a password here'
    return { figures: [notMeasured(NAME, 'ms', TARGET_MS, why)] }
  }
  const runs = new UnlockRuns()
  for (let pass = 0; pass < WARMUP + RUNS; pass++) await runs.run(vault, pass >= WARMUP)
  const fresh = freshProcessUnlocks(vault)
  const firstInProcess = summarise(fresh.map((steps) => steps.total ?? Number.NaN)).median
  const firstSteps = Object.keys(fresh[0] ?? {})
    .filter((name) => name !== 'total')
    .map((name) => `${name} ${String(round(summarise(fresh.map((steps) => steps[name] ?? 0)).median))}`)
    .join(', ')
  const page = runs.lastPage
  const whole = runs.lastWhole
  if (!page || !whole) throw new Error('the unlock runs kept no answer')
  const kilobytes = (answer: unknown) => Buffer.byteLength(JSON.stringify(answer)) / 1024
  // Both ways vault:status can learn about the keychain, timed on their own: a write and delete of a
  // probe item (isAvailable), or one lookup (isReadable). Which one status pays shows in its step.
  const writeProbe = await measureAsync(() => vault.keychain.isAvailable(), { warmup: 1, runs: 5 })
  const lookup = await measureAsync(() => vault.keychain.isReadable(), { warmup: 1, runs: 5 })
  return {
    figures: [
      timed(NAME, summarise(runs.totals, runs.cpu), TARGET_MS, {
        measures: `createBackend on the 10,000-account vault, then dispatch vault:status, vault:unlock {keychain} (@napi-rs/keyring, Secret Service) and accounts:list {first: ${MANAGER_FIRST_PAGE}} (what the manager asks first), and that answer's structured clone into the window`,
        parts: {
          ...runs.medians(),
          'keychain write probe (isAvailable)': round(writeProbe.median),
          'keychain lookup (isReadable)': round(lookup.median),
          [`the same, first time in a fresh process (median of ${String(FRESH_PROCESSES)})`]:
            round(firstInProcess),
          'then the whole accounts:list + clone (not in the figure)': round(summarise(runs.whole).median),
        },
        note: `first time in a fresh process (bench/unlock-once.ts, JIT cold): ${firstSteps} ms; the first page is ${page.accounts.length} of ${page.total.toLocaleString('en')} accounts with the ${page.flags.length} flags naming them (${kilobytes(page).toFixed(0)} KB as JSON); the whole list that follows is ${whole.accounts.length.toLocaleString('en')} accounts and ${whole.flags.length.toLocaleString('en')} flags (${(kilobytes(whole) / 1024).toFixed(1)} MB)`,
      }),
    ],
  }
}

class UnlockRuns {
  readonly steps: Record<Step, number[]> = { open: [], status: [], unlock: [], 'first page': [] }
  readonly totals: number[] = []
  readonly cpu: number[] = []
  /** The whole accounts:list asked after the first page, with its clone: outside the totals. */
  readonly whole: number[] = []
  lastPage: Listed | null = null
  lastWhole: Listed | null = null

  async run(vault: BenchVault, keep: boolean): Promise<void> {
    let backend: Backend | null = null
    try {
      const times: Partial<Record<Step, number>> = {}
      const step = async <T>(name: Step, work: () => T | Promise<T>): Promise<T> => {
        const stop = stopwatch()
        const result = await work()
        times[name] = stop().wall
        return result
      }
      collectGarbage()
      const stop = stopwatch()
      backend = await step('open', () => vault.open())
      const opened = backend
      await step('status', () => answerOf(opened, 'vault:status', {}))
      await step('unlock', () => answerOf(opened, 'vault:unlock', { method: 'keychain' }))
      // Electron clones the answer into the window (structured clone): the window has it only then.
      this.lastPage = await step('first page', () => listed(opened, { first: MANAGER_FIRST_PAGE }))
      const elapsed = stop()
      const stopWhole = stopwatch()
      this.lastWhole = await listed(opened, {})
      const wholeMs = stopWhole().wall
      if (!keep) return
      for (const name of Object.keys(this.steps) as Step[]) this.steps[name].push(times[name] ?? 0)
      this.totals.push(elapsed.wall)
      this.cpu.push(elapsed.cpu)
      this.whole.push(wholeMs)
    } finally {
      backend?.close()
    }
  }

  medians(): Record<string, number> {
    return Object.fromEntries(
      (Object.keys(this.steps) as Step[]).map((name) => [name, round(summarise(this.steps[name]).median)]),
    )
  }
}

/** accounts:list through the dispatcher, as the window receives it (a structured clone). */
async function listed(backend: Backend, request: { first?: number }): Promise<Listed> {
  return deserialize(serialize(await answerOf(backend, 'accounts:list', request))) as Listed
}
