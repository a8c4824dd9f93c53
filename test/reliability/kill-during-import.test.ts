import Database from 'better-sqlite3'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBackend } from '../../electron/core/app-backend.ts'
import { encodeBase32Secret } from '../../electron/core/engine/secret-text.ts'
import { startCli, type RunningCli } from './support/cli-process.ts'
import { expectKilledOrFinished } from './support/node-process.ts'
import { reliabilitySeed, seededRandom } from './support/seeded-random.ts'
import {
  call,
  expectIntact,
  pristineCopy,
  pristineVault,
  reliabilityKeychain,
  snapshot,
  VAULT_PASSWORD,
  type VaultSnapshot,
} from './support/vault-fixture.ts'

// The real CLI imports 10,000 accounts into a vault that already holds 200, and is killed with SIGKILL
// at a random moment of the whole run (start-up, unlock, parsing, planning, the inserts, the commit,
// the way out). Whatever the moment, the vault file must pass SQLite's own integrity check, hold all
// of the batch or none of it, and still hold every earlier account with the same codes.

const RUNS = 20
/** Extra kills aimed at the commit itself, which random moments rarely hit. */
const AIMED_RUNS = 3
const BATCH_SIZE = 10_000
const EXISTING = 200
const BATCH_ISSUER = 'Batch Import'

type Landing = 'before the inserts' | 'during the inserts' | 'during the commit' | 'after the commit'
const landings: Landing[] = [
  'before the inserts',
  'during the inserts',
  'during the commit',
  'after the commit',
]

describe('kill -9 during a 10,000-entry import', () => {
  const seed = reliabilitySeed('kill-during-import')
  const random = seededRandom(seed)
  const keychain = reliabilityKeychain()
  let base: string
  let importFile: string
  let before: VaultSnapshot
  let wholeRunMs = 0
  let commitMs = 0
  const tally = new Map<Landing, { runs: number; all: number; none: number }>(
    landings.map((landing) => [landing, { runs: 0, all: 0, none: 0 }]),
  )

  beforeAll(async () => {
    base = mkdtempSync(join(tmpdir(), 'twofold-reliability-kill-'))
    ;({ before } = await pristineVault(base, { keychain, count: EXISTING, random }))
    importFile = join(base, 'batch.txt')
    const links = Array.from(
      { length: BATCH_SIZE },
      (_, index) =>
        `otpauth://totp/${encodeURIComponent(BATCH_ISSUER)}:batch-${index}?secret=${encodeBase32Secret(random.bytes(20))}&issuer=${encodeURIComponent(BATCH_ISSUER)}`,
    )
    writeFileSync(importFile, `${links.join('\n')}\n`)
  })

  afterAll(() => {
    rmSync(base, { recursive: true, force: true })
    const rows = landings.map((landing) => ({ landing, ...tally.get(landing) }))
    console.log(`kill-during-import: seed ${seed}, whole run ${Math.round(wholeRunMs)} ms`)
    console.table(rows)
  })

  /** A fresh copy of the vault as it was before any import. */
  const vaultCopy = (name: string) => pristineCopy(base, name)

  function startImport(home: string): RunningCli {
    // With --password-stdin the CLI reads the vault's password, then a file password it ignores for a
    // plain link list.
    return startCli(['import', importFile, '--password-stdin'], {
      home,
      service: keychain.service,
      stdin: `${VAULT_PASSWORD}\nnot needed\n`,
    })
  }

  /** Where the kill landed, from what the CLI had said: progress comes from inside the transaction. */
  function landingOf(run: RunningCli): Landing {
    if (run.stdout.includes('Imported')) return 'after the commit'
    const done = Math.max(
      0,
      ...[...run.stderr.matchAll(/importing (\d+) of/g)].map((match) => Number(match[1])),
    )
    if (done === BATCH_SIZE) return 'during the commit'
    return done > 0 ? 'during the inserts' : 'before the inserts'
  }

  async function inspect(home: string) {
    const raw = new Database(join(home, 'vault.sqlite3'), { fileMustExist: true })
    const integrity = raw.pragma('integrity_check', { simple: true }) as string
    const foreignKeyProblems = raw.pragma('foreign_key_check') as unknown[]
    raw.close()
    const backend = createBackend({ home, keychain })
    try {
      await call(backend, 'vault:unlock', { method: 'password', password: VAULT_PASSWORD })
      const accounts = backend.queries.list().accounts
      return {
        integrity,
        foreignKeyProblems,
        batch: accounts.filter((account) => account.issuer === BATCH_ISSUER).length,
        importsRecorded: backend.audit.list({ action: 'import' }).length,
        snapshot: snapshot(
          backend,
          before.accounts.map((account) => account.id),
        ),
      }
    } finally {
      backend.close()
    }
  }

  async function killAndCheck(name: string, killWhen: (run: RunningCli, kill: () => void) => void) {
    const home = vaultCopy(name)
    const run = startImport(home)
    killWhen(run, () => run.kill())
    const ended = await run.ended
    const landing = landingOf(run)
    const context = `${name}: killed ${landing}`
    expectKilledOrFinished(ended, context, run.stderr)
    const found = await inspect(home)
    expect(found.integrity, context).toBe('ok')
    expect(found.foreignKeyProblems, context).toEqual([])
    expect([0, BATCH_SIZE], `${context}: ${found.batch} of the batch`).toContain(found.batch)
    // The audit entry shares the transaction: it is there exactly when the batch is.
    expect(found.importsRecorded, context).toBe(found.batch === 0 ? 0 : 1)
    if (landing === 'after the commit') expect(found.batch, context).toBe(BATCH_SIZE)
    if (landing === 'before the inserts' || landing === 'during the inserts')
      expect(found.batch, context).toBe(0)
    expectIntact(before, found.snapshot)
    const counts = tally.get(landing)
    if (counts) {
      counts.runs++
      if (found.batch === 0) counts.none++
      else counts.all++
    }
    rmSync(home, { recursive: true, force: true })
  }

  it('imports the whole batch when nothing interrupts it', async () => {
    const home = vaultCopy('uninterrupted')
    const started = performance.now()
    let lastProgressAt = 0
    const run = startImport(home)
    run.onStderr((stderr) => {
      if (lastProgressAt === 0 && stderr.includes(`importing ${BATCH_SIZE} of`))
        lastProgressAt = performance.now()
    })
    const { status } = await run.ended
    wholeRunMs = performance.now() - started
    commitMs = performance.now() - lastProgressAt
    expect(run.stderr).toContain(`importing ${BATCH_SIZE} of ${BATCH_SIZE}`)
    expect(status, run.stderr).toBe(0)
    const found = await inspect(home)
    expect(found.integrity).toBe('ok')
    expect(found.batch).toBe(BATCH_SIZE)
    expectIntact(before, found.snapshot)
  })

  it(`keeps the vault whole, with all or none of the batch, after ${RUNS} kills at random moments`, async () => {
    for (let index = 0; index < RUNS; index++) {
      const delay = random.next() * wholeRunMs
      await killAndCheck(`random kill ${index + 1} at ${Math.round(delay)} ms`, (run, kill) => {
        const timer = setTimeout(kill, delay)
        void run.ended.then(() => clearTimeout(timer))
      })
    }
    const total = [...tally.values()].reduce((sum, counts) => sum + counts.runs, 0)
    expect(total).toBe(RUNS)
  })

  it(`does the same for ${AIMED_RUNS} kills aimed at the commit`, async () => {
    for (let index = 0; index < AIMED_RUNS; index++) {
      const delay = random.next() * commitMs
      await killAndCheck(
        `aimed kill ${index + 1}, ${Math.round(delay)} ms after the last insert`,
        (run, kill) => {
          let timer: NodeJS.Timeout | undefined
          run.onStderr((stderr) => {
            if (timer === undefined && stderr.includes(`importing ${BATCH_SIZE} of`))
              timer = setTimeout(kill, delay)
          })
          void run.ended.then(() => clearTimeout(timer))
        },
      )
    }
  })
})
