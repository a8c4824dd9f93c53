import fc from 'fast-check'
import { parentPort, workerData } from 'node:worker_threads'
import { fuzzTargets } from './fuzz-targets.ts'

// Runs some of the fuzz targets in a worker thread, so the test's own thread can stop a case that
// never returns — even one stuck in synchronous code, such as a runaway regular expression. Before
// each case it publishes, in shared memory, which target and case it is on and the case's input.

export interface FuzzWorkerData {
  names: string[]
  seed: number
  /** Int32: [0] target index, [1] cases started in it, [2] the input's full length. */
  progress: SharedArrayBuffer
  /** The current case's input, cut to this buffer's size. */
  input: SharedArrayBuffer
}

export interface FuzzTargetResult {
  type: 'done'
  name: string
  runs: number
  failure: { message: string; counterexample: string; seed: number; path: string | null } | null
}

const data = workerData as FuzzWorkerData
const progress = new Int32Array(data.progress)
const input = new Uint8Array(data.input)

function preview(value: unknown): string {
  const text = JSON.stringify(value, (_key, item: unknown) =>
    item instanceof Uint8Array ? `base64:${Buffer.from(item).toString('base64')}` : item,
  )
  return (text ?? String(value)).slice(0, 2000)
}

for (const name of data.names) {
  const index = fuzzTargets.findIndex((candidate) => candidate.name === name)
  const target = fuzzTargets[index]
  if (!target) throw new Error(`no fuzz target named ${name}`)
  const fuzzCase = await target.build()
  Atomics.store(progress, 0, index)
  let started = 0
  const property = fc.asyncProperty(fuzzCase.arbitrary, async (value: never) => {
    const shown = fuzzCase.show(value)
    input.set(shown.subarray(0, Math.min(shown.length, input.length)))
    Atomics.store(progress, 2, shown.length)
    Atomics.store(progress, 1, ++started)
    await fuzzCase.run(value)
  })
  const details = await fc.check(property, { numRuns: target.runs, seed: (data.seed + index) | 0 })
  fuzzCase.dispose?.()
  const error = details.errorInstance
  const result: FuzzTargetResult = {
    type: 'done',
    name,
    runs: details.numRuns,
    failure: details.failed
      ? {
          message: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
          counterexample: preview(details.counterexample),
          seed: details.seed,
          path: details.counterexamplePath,
        }
      : null,
  }
  parentPort?.postMessage(result)
}
parentPort?.postMessage({ type: 'finished' })
