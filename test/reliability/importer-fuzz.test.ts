import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { describe, expect, it } from 'vitest'
import { fuzzTargets } from './support/fuzz-targets.ts'
import type { FuzzTargetResult, FuzzWorkerData } from './support/fuzz-worker.ts'
import { reliabilitySeed } from './support/seeded-random.ts'

// fast-check feeds the otpauth parser, every import format (plain and encrypted, before and after
// decryption) and backup restore with damaged and hostile input: at least 100,000 cases. Only a
// well-formed result or a TwofoldError may come out. Each case must also return: a case that has not
// after CASE_BUDGET_MS is a hang, and its worker is stopped and its input shown. The budget says
// nothing about speed; it only turns "never returns" into a failure instead of a stuck suite.

const MIN_CASES = 100_000
const CASE_BUDGET_MS = 60_000

function runWorker(names: string[], seed: number): Promise<FuzzTargetResult[]> {
  const data: FuzzWorkerData = {
    names,
    seed,
    progress: new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT),
    input: new SharedArrayBuffer(64 * 1024),
  }
  const progress = new Int32Array(data.progress)
  const worker = new Worker(new URL('./support/fuzz-worker.ts', import.meta.url), { workerData: data })
  return new Promise((resolve, reject) => {
    const results: FuzzTargetResult[] = []
    let seen = ''
    let sameSince = Date.now()
    const stop = (error?: Error) => {
      clearInterval(watchdog)
      void worker.terminate()
      if (error) reject(error)
      else resolve(results)
    }
    const watchdog = setInterval(() => {
      const now = `${Atomics.load(progress, 0)}:${Atomics.load(progress, 1)}`
      if (now !== seen) {
        seen = now
        sameSince = Date.now()
      } else if (Date.now() - sameSince > CASE_BUDGET_MS) {
        const target = fuzzTargets[Atomics.load(progress, 0)]?.name
        const length = Atomics.load(progress, 2)
        const shown = Buffer.from(
          new Uint8Array(data.input).subarray(0, Math.min(length, data.input.byteLength)),
        )
        stop(
          new Error(
            `hang: case ${Atomics.load(progress, 1)} of "${target}" did not return within ${CASE_BUDGET_MS / 1000} s; its input (${length} bytes, base64): ${shown.toString('base64')}`,
          ),
        )
      }
    }, 1_000)
    worker.on('message', (message: FuzzTargetResult | { type: 'finished' }) => {
      if (message.type === 'done') results.push(message)
      else stop()
    })
    worker.on('error', (error: Error) => stop(error))
    worker.on('exit', (code) => {
      if (code !== 0) stop(new Error(`a fuzz worker stopped with exit code ${code}`))
    })
  })
}

describe('fuzzing the otpauth parser, every importer and backup restore', () => {
  it(`gets only results or TwofoldErrors, and an answer, from at least ${MIN_CASES.toLocaleString('en')} cases`, async () => {
    const seed = reliabilitySeed('importer-fuzz')
    // Shared out by expected cost, one worker per core (two on the CI machine).
    const workers = Math.max(1, Math.min(2, availableParallelism()))
    const groups: { names: string[]; cost: number }[] = Array.from({ length: workers }, () => ({
      names: [],
      cost: 0,
    }))
    for (const target of [...fuzzTargets].sort((a, b) => b.runs * b.weight - a.runs * a.weight)) {
      const lightest = groups.reduce((best, group) => (group.cost < best.cost ? group : best))
      lightest.names.push(target.name)
      lightest.cost += target.runs * target.weight
    }
    const results = (await Promise.all(groups.map((group) => runWorker(group.names, seed)))).flat()

    console.table(
      results.map(({ name, runs, failure }) => ({ target: name, cases: runs, failed: failure !== null })),
    )
    const failures = results.filter((result) => result.failure !== null)
    expect(
      failures.map(({ name, failure }) => ({ name, ...failure })),
      'replay with TWOFOLD_RELIABILITY_SEED and the path fast-check printed',
    ).toEqual([])
    expect(results.map((result) => result.name).sort()).toEqual(
      fuzzTargets.map((target) => target.name).sort(),
    )
    const total = results.reduce((sum, result) => sum + result.runs, 0)
    console.log(`importer-fuzz: ${total} cases over ${results.length} targets, seed ${seed}`)
    expect(total).toBeGreaterThanOrEqual(MIN_CASES)
  })
})
