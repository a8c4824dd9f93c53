import { parentPort } from 'node:worker_threads'
import { isTwofoldError } from '../../../../electron/core/errors.ts'
import { shapeText, textEntryPoints, type AdversarialShape } from './entry-points.ts'

// Runs one entry point per message, off the test's thread, so the test can stop a case that never
// returns (a synchronous regular expression cannot be interrupted any other way).

export interface EntryPointCase {
  entry: string
  shape: AdversarialShape
}

export type EntryPointOutcome =
  | { kind: 'value'; failedReasons: string[] }
  | { kind: 'typed'; code: string; message: string }
  | { kind: 'untyped'; message: string }

/** An import's result names the entries it could not read, and why. */
function failedReasons(value: unknown): string[] {
  if (typeof value !== 'object' || value === null || !('failed' in value) || !Array.isArray(value.failed))
    return []
  return value.failed.map((entry: { reason: string }) => entry.reason)
}

parentPort?.on('message', (request: EntryPointCase) => {
  void (async () => {
    let outcome: EntryPointOutcome
    try {
      const run = textEntryPoints[request.entry]
      if (run === undefined) throw new Error(`no entry point "${request.entry}"`)
      outcome = { kind: 'value', failedReasons: failedReasons(await run(shapeText(request.shape))) }
    } catch (error) {
      outcome = isTwofoldError(error)
        ? { kind: 'typed', code: error.code, message: error.message }
        : {
            kind: 'untyped',
            message: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
          }
    }
    parentPort?.postMessage(outcome)
  })()
})
