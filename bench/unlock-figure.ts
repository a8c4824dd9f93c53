import { deserialize, serialize } from 'node:v8'
import type { Backend } from '../electron/core/app-backend.ts'
import { sortAccounts } from '../renderer/manager/accounts/account-filters.ts'
import { contract } from '../shared/ipc/contract.ts'
import type { BenchVault } from './bench-vault.ts'
import { notMeasured, round, timed, type Figure, type Proposal } from './figures.ts'
import { collectGarbage, measureAsync, stopwatch, summarise } from './measure.ts'

const NAME = 'unlock: open + keychain + first accounts:list'
const TARGET_MS = 150
const RUNS = 9
/** The JIT needs a few rounds before readAccounts and the rules run at full speed (600 → 140 ms). */
const WARMUP = 3
/** Rows in the first page of the proposed answer: more than a tall window shows. */
const FIRST_PAGE = 100

type Step = 'open' | 'status' | 'unlock' | 'list'
type ListStep = (backend: Backend) => Promise<unknown>

/**
 * What starting the app and unlocking costs, step by step as the manager does it: the backend opens
 * the vault file (migrations checked), the window asks `vault:status` (which probes the keychain once),
 * unlocks with the keychain (a Secret Service read over D-Bus, then the key check), and asks
 * `accounts:list` — the manager's first and only page of accounts: it lists every account at once.
 * The same sequence with the first page proposed in docs/benchmarks.md is timed in alternation.
 */
export async function unlockFigure(vault: BenchVault): Promise<{ figures: Figure[]; proposals: Proposal[] }> {
  if (!vault.usesKeychain) {
    const why = 'no Secret Service reachable, so the vault unlocks with a password here'
    return { figures: [notMeasured(NAME, 'ms', TARGET_MS, why)], proposals: [] }
  }
  const current = new UnlockRuns()
  const proposed = new UnlockRuns()
  // Electron clones the answer into the window (structured clone): the window has it only then.
  let listed: unknown = null
  const wholeList: ListStep = async (backend) => {
    listed = await expectOk(backend.dispatch('accounts:list', {}))
    return deserialize(serialize(listed)) as unknown
  }
  let firstInProcess = Number.NaN
  for (let round = 0; round < WARMUP + RUNS; round++) {
    await current.run(vault, wholeList, round >= WARMUP)
    if (round === 0) firstInProcess = current.last
    await proposed.run(vault, firstPage, round >= WARMUP)
  }
  const listedBytes = Buffer.byteLength(JSON.stringify(listed))
  const probe = await measureAsync(() => vault.keychain.isAvailable(), { warmup: 1, runs: 5 })
  return {
    figures: [
      timed(NAME, summarise(current.totals, current.cpu), TARGET_MS, {
        measures:
          "createBackend on the 10,000-account vault, then dispatch vault:status, vault:unlock {keychain} (@napi-rs/keyring, Secret Service) and accounts:list, and the answer's structured clone into the window",
        parts: {
          ...current.medians(),
          'keychain probe (within status)': round(probe.median),
          'the same, first time in a fresh process': round(firstInProcess),
        },
        note: `accounts:list answers with every account and flag (${(listedBytes / 1024 / 1024).toFixed(1)} MB as JSON); there is no smaller first page`,
      }),
    ],
    proposals: [
      {
        file: 'shared/ipc/contract.ts, electron/core/ipc/account-handlers.ts, renderer/manager/data/queries.ts',
        change: `accounts:list takes { first: ${FIRST_PAGE} } and answers the first ${FIRST_PAGE} accounts in the manager's order (client, then handle) with the flags that name them; the manager shows them, then asks for the rest`,
        figure: NAME,
        unit: 'ms',
        now: round(summarise(current.totals).median),
        proposed: round(summarise(proposed.totals).median),
        note: `timed here as AccountService.list, sorting, slicing, the zod check and a structured clone of the page; the keychain probe in vault:status is ${round(probe.median)} ms of both`,
      },
    ],
  }
}

class UnlockRuns {
  readonly steps: Record<Step, number[]> = { open: [], status: [], unlock: [], list: [] }
  readonly totals: number[] = []
  readonly cpu: number[] = []
  /** The last run's wall-clock time, kept or not. */
  last = Number.NaN

  async run(vault: BenchVault, list: ListStep, keep: boolean): Promise<void> {
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
      await step('status', () => expectOk(opened.dispatch('vault:status', {})))
      await step('unlock', () => expectOk(opened.dispatch('vault:unlock', { method: 'keychain' })))
      await step('list', () => list(opened))
      const elapsed = stop()
      this.last = elapsed.wall
      if (!keep) return
      for (const name of Object.keys(this.steps) as Step[]) this.steps[name].push(times[name] ?? 0)
      this.totals.push(elapsed.wall)
      this.cpu.push(elapsed.cpu)
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

/** The proposed first page, as the core could answer it: everything read and flagged, a page sent. */
const firstPage: ListStep = (backend) => {
  const { accounts, flags } = backend.accounts.list()
  const page = sortAccounts(accounts).slice(0, FIRST_PAGE)
  const shown = new Set(page.map((account) => account.id))
  const answer = {
    accounts: page,
    flags: flags.filter((flag) => flag.accountIds.some((id) => shown.has(id))),
  }
  contract['accounts:list'].response.parse(answer)
  return Promise.resolve(deserialize(serialize(answer)) as unknown)
}

async function expectOk(result: Promise<{ ok: boolean; error?: { code: string } }>): Promise<unknown> {
  const answer = await result
  if (!answer.ok) throw new Error(`the core refused: ${answer.error?.code ?? 'unknown'}`)
  return answer
}
