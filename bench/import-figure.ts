import { wipe } from '../electron/core/crypto/secret-bytes.ts'
import { readImport } from '../electron/core/importers/read-import.ts'
import type { BenchVault } from './bench-vault.ts'
import { hotFunctions, startProfiler, type CpuProfile } from './cpu-profile.ts'
import { round, timed, type Figure, type Profile } from './figures.ts'
import { stopwatch, summarise } from './measure.ts'
import { ACCOUNT_COUNT, otpauthImportText } from './seed-10k.ts'

const TARGET_MS = 2000
/** Timed runs, after one warm-up and before one profiled run: two were too few for a median. */
const RUNS = 5

type Stage = 'read' | 'plan' | 'commit'

/**
 * `twofold import` of 10,000 otpauth:// links into the seeded 10,000-account vault, committed:
 * readImport (detect and parse) → AccountTransfer.planImport (duplicates against the vault) →
 * commitImport (one transaction). Each run starts from a fresh copy of the seeded vault, so every run
 * imports into the same 10,000 accounts; the first run is a warm-up and the last is profiled.
 */
export async function importFigure(vault: BenchVault): Promise<{ figures: Figure[]; profiles: Profile[] }> {
  const bytes = new TextEncoder().encode(otpauthImportText(ACCOUNT_COUNT))
  const stages: Record<Stage, number[]> = { read: [], plan: [], commit: [] }
  const totals: number[] = []
  const cpu: number[] = []
  let profile: CpuProfile | null = null
  for (let run = 0; run < RUNS + 2; run++) {
    const home = vault.copy()
    const backend = await vault.openUnlocked(home)
    const profiling = run === RUNS + 1 ? await startProfiler(200) : null
    try {
      const total = stopwatch()
      let stage = stopwatch()
      const parsed = await readImport(bytes)
      const read = stage().wall
      stage = stopwatch()
      const plan = backend.transfer.planImport(parsed)
      const planned = stage().wall
      stage = stopwatch()
      const result = backend.transfer.commitImport(plan)
      const committed = stage().wall
      const elapsed = total()
      for (const entry of parsed.entries) wipe(entry.secret)
      if (result.imported !== ACCOUNT_COUNT)
        throw new Error(`imported ${result.imported} of ${ACCOUNT_COUNT} links`)
      if (profiling) {
        profile = await profiling.stop()
        continue
      }
      // The first run loads the importers' modules and warms SQLite: not part of an import people wait for.
      if (run === 0) continue
      stages.read.push(read)
      stages.plan.push(planned)
      stages.commit.push(committed)
      totals.push(elapsed.wall)
      cpu.push(elapsed.cpu)
    } finally {
      backend.close()
      vault.removeCopy(home)
    }
  }
  return {
    figures: [
      timed('import 10,000 otpauth links, committed', summarise(totals, cpu), TARGET_MS, {
        measures:
          'readImport → AccountTransfer.planImport → AccountTransfer.commitImport (as electron/cli/transfer-commands.ts) into the 10,000-account vault; 1 MB of links',
        parts: Object.fromEntries(
          (Object.keys(stages) as Stage[]).map((stage) => [stage, round(summarise(stages[stage]).median)]),
        ),
      }),
    ],
    profiles: profile
      ? [{ of: 'import 10,000 otpauth links (one run)', top: hotFunctions(profile, 12) }]
      : [],
  }
}
