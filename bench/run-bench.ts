/**
 * `npm run bench`: seeds a 10,000-account vault through the core, times what the issue asks for
 * (codes, unlock, search, flags, import, the manager and the quick popup in Chromium), prints a table
 * and writes bench/results.json. Not part of `npm test`: it takes minutes and its figures depend on
 * the machine. See docs/benchmarks.md.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { BenchVault } from './bench-vault.ts'
import { chromiumFigures } from './chromium-figures.ts'
import { durabilityFigure } from './durability-figure.ts'
import { codesFigures } from './codes-figures.ts'
import type { Figure, Profile, Proposal } from './figures.ts'
import { importFigure } from './import-figure.ts'
import { inboxFigures } from './inbox-figures.ts'
import { listFigures } from './list-figures.ts'
import {
  describeMachine,
  formatProfiles,
  formatProposals,
  formatTable,
  writeResults,
  type Results,
} from './report.ts'
import { agencyAccounts, seedAgency } from './seed-10k.ts'
import { teamFigures } from './team-figures.ts'
import { unlockFigure } from './unlock-figure.ts'

/** Set in the copy of this script started inside a private D-Bus session, so it never starts another. */
const IN_PRIVATE_SESSION = 'TWOFOLD_BENCH_PRIVATE_DBUS'
const here = dirname(fileURLToPath(import.meta.url))

if (!process.env.DBUS_SESSION_BUS_ADDRESS && !process.env[IN_PRIVATE_SESSION] && haveSecretServiceTools()) {
  process.exit(rerunInPrivateSession())
}
await main()

/**
 * The unlock figure needs a real Secret Service. Without a session bus (a server, a container, CI),
 * the bench starts itself again the way .ci/run starts the tests: in a private D-Bus session with a
 * GNOME Keyring unlocked by a throwaway password, in a throwaway XDG_DATA_HOME.
 */
function rerunInPrivateSession(): number {
  const keyringHome = mkdtempSync(join(tmpdir(), 'twofold-bench-keyring-'))
  try {
    console.log('No D-Bus session: running the bench again inside dbus-run-session with GNOME Keyring.\n')
    const script =
      'echo -n twofold-bench | gnome-keyring-daemon --unlock --components=secrets >/dev/null; exec "$@"'
    const result = spawnSync(
      'dbus-run-session',
      [
        '--',
        'bash',
        '-c',
        script,
        'bash',
        process.execPath,
        ...process.execArgv,
        fileURLToPath(import.meta.url),
      ],
      { stdio: 'inherit', env: { ...process.env, XDG_DATA_HOME: keyringHome, [IN_PRIVATE_SESSION]: '1' } },
    )
    return result.status ?? 1
  } finally {
    rmSync(keyringHome, { recursive: true, force: true })
  }
}

function haveSecretServiceTools(): boolean {
  return ['dbus-run-session', 'gnome-keyring-daemon'].every(
    (tool) => spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status === 0,
  )
}

async function main(): Promise<void> {
  const machine = describeMachine()
  const figures: Figure[] = []
  const profiles: Profile[] = []
  const proposals: Proposal[] = []
  const vault = await BenchVault.create()
  // TWOFOLD_BENCH_ONLY=codes,chromium runs some sections; the vault is seeded unless only team or inbox is asked.
  const only = process.env.TWOFOLD_BENCH_ONLY?.split(',').map((name) => name.trim().toLowerCase())
  const seeds = !only || only.some((wanted) => !'team'.startsWith(wanted) && !'inbox'.startsWith(wanted))
  try {
    if (seeds)
      console.log(
        `Seeding 10,000 accounts through the account services (${vault.usesKeychain ? `keychain service ${vault.keychainService}` : 'no keychain here: password slot'})…`,
      )
    const started = performance.now()
    const seeded = await vault.openUnlocked()
    let accountIds: string[] = []
    let report: ReturnType<typeof seedAgency> = {
      accounts: 0,
      withAuthenticator: 0,
      onSharedNumber: 0,
      withBackupCodes: 0,
    }
    try {
      if (seeds) {
        report = seedAgency(seeded, agencyAccounts())
        accountIds = seeded.queries.list().accounts.map((account) => account.id)
      }
    } finally {
      seeded.close()
    }
    const seedSeconds = (performance.now() - started) / 1000
    if (seeds) console.log(`Seeded in ${seedSeconds.toFixed(1)} s: ${JSON.stringify(report)}\n`)

    const sections: [
      string,
      () => Promise<{ figures: Figure[]; profiles?: Profile[]; proposals?: Proposal[] }>,
    ][] = [
      ['codes', () => codesFigures(vault, accountIds)],
      ['unlock', () => unlockFigure(vault)],
      ['search, flags and accounts:list', () => listFigures(vault)],
      ['import', () => importFigure(vault)],
      ['durability', () => Promise.resolve(durabilityFigure(vault))],
      ['Chromium', () => chromiumFigures(vault, machine)],
      // Its own vaults and server: the seeded vault is not used.
      ['team', () => teamFigures()],
      ['inbox', () => inboxFigures()],
    ]
    for (const [name, run] of sections) {
      if (only && !only.some((wanted) => name.toLowerCase().startsWith(wanted))) continue
      console.log(`Timing ${name}…`)
      const section = await run()
      figures.push(...section.figures)
      profiles.push(...(section.profiles ?? []))
      proposals.push(...(section.proposals ?? []))
    }

    machine.loadAverage.end = Math.round((loadavg()[0] ?? 0) * 100) / 100
    const results: Results = {
      machine,
      date: new Date().toISOString(),
      vault: {
        ...report,
        seedSeconds: Math.round(seedSeconds * 10) / 10,
        unlocksWith: vault.usesKeychain ? 'keychain (Secret Service)' : 'password (no Secret Service)',
      },
      figures,
      proposals,
      profiles,
    }
    console.log(`\n${formatTable(figures)}\n\n${formatProposals(proposals)}\n\n${formatProfiles(profiles)}\n`)
    console.log(
      `${machine.cpu}, ${machine.cores} cores, Node ${machine.node}${machine.chromium ? `, Chromium ${machine.chromium}` : ''}; load average ${machine.loadAverage.start} → ${machine.loadAverage.end}.`,
    )
    // A partial run must not replace the checked-in figures of a whole one.
    if (only) console.log('Some sections only (TWOFOLD_BENCH_ONLY): bench/results.json left as it was.')
    else {
      const file = join(here, 'results.json')
      writeResults(file, results)
      console.log(`Wrote ${file}.`)
    }
    const missed = figures.filter((figure) => figure.met === false).length
    if (missed > 0) console.log(`${missed} target${missed === 1 ? '' : 's'} missed: see docs/benchmarks.md.`)
  } finally {
    await vault.cleanup()
  }
}
