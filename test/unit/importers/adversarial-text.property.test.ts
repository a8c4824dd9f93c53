import { Worker } from 'node:worker_threads'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import {
  describeShape,
  plainExportWithSecret,
  textEntryPoints,
  type AdversarialShape,
  type PlainExportFormat,
} from './adversarial-text/entry-points.ts'
import type { EntryPointCase, EntryPointOutcome } from './adversarial-text/entry-point-worker.ts'

// Long runs of one character are what make a backtracking regular expression take quadratic (or
// worse) time: `/=+$/` on a megabyte of "=" followed by "x" ran for minutes and froze the main
// process, idle lock and clipboard clearing included. Every entry point that sees pasted or imported
// text gets such runs, up to 1 MiB, and must answer with a value or a TwofoldError.
//
// Nothing here measures speed. HANG_GUARD_MS only turns "never returns" into a failure instead of a
// stuck suite: a synchronous regular expression cannot be interrupted, so each case runs in a worker
// that is stopped when the guard runs out. Linear code answers these in milliseconds; the quadratic
// code answered in minutes.
const HANG_GUARD_MS = 30_000
const MAX_TEXT_CHARS = 1024 * 1024

class EntryPointRunner {
  #worker: Worker | null = null

  run(request: EntryPointCase): Promise<EntryPointOutcome> {
    const worker = (this.#worker ??= new Worker(
      new URL('./adversarial-text/entry-point-worker.ts', import.meta.url),
    ))
    return new Promise((resolve, reject) => {
      const guard = setTimeout(() => {
        this.stop()
        reject(new Error(`hang: "${request.entry}" did not return for ${describeShape(request.shape)}`))
      }, HANG_GUARD_MS)
      const settle = (action: () => void) => {
        clearTimeout(guard)
        worker.off('message', onMessage)
        worker.off('error', onError)
        action()
      }
      const onMessage = (outcome: EntryPointOutcome) => settle(() => resolve(outcome))
      const onError = (error: Error) =>
        settle(() => {
          this.#worker = null
          reject(error)
        })
      worker.on('message', onMessage)
      worker.on('error', onError)
      worker.postMessage(request)
    })
  }

  stop(): void {
    void this.#worker?.terminate()
    this.#worker = null
  }
}

const runner = new EntryPointRunner()
afterAll(() => runner.stop())

const units = [
  '=',
  ' ',
  '\t',
  '\n',
  '\r\n',
  'a',
  'A',
  '7',
  '0',
  '1',
  '-',
  '_',
  '/',
  '?',
  '#',
  '|',
  ',',
  ';',
  '"',
  ':',
  '[',
  '{',
  '(',
  '+',
  '.',
  '@',
  'a-',
  '1 ',
  ' =',
  'A ',
  '\u00a0',
  'ı',
]
const heads = [
  '',
  'otpauth://totp/a?secret=',
  'otpauth-migration://offline?data=',
  '{"header"',
  '[{"secret":"',
  '1.',
  '+',
  '00',
  '"',
  '@',
]
const tails = ['', 'x', '!', '=', 'A', '#', '\n', '-', '"}]', '\u0000']

const shapes: fc.Arbitrary<AdversarialShape> = fc
  .record({
    head: fc.constantFrom(...heads),
    unit: fc.constantFrom(...units),
    // Sizes from a handful up to a megabyte: backtracking shows only on long runs.
    chars: fc.oneof(fc.integer({ min: 1, max: 4096 }), fc.integer({ min: 4096, max: MAX_TEXT_CHARS })),
    tail: fc.constantFrom(...tails),
  })
  .map(({ head, unit, chars, tail }) => ({
    head,
    unit,
    count: Math.max(1, Math.floor(chars / unit.length)),
    tail,
  }))

const megabyteOf = (unit: string, tail: string): AdversarialShape => ({
  head: '',
  unit,
  count: MAX_TEXT_CHARS,
  tail,
})

describe('text a person pastes or a file brings, in long runs of one character', () => {
  it(
    'gets a value or a TwofoldError from every entry point, never a hang or an untyped error',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...Object.keys(textEntryPoints)), shapes, async (entry, shape) => {
          const outcome = await runner.run({ entry, shape })
          expect(outcome.kind, `${entry}: ${describeShape(shape)}: ${JSON.stringify(outcome)}`).not.toBe(
            'untyped',
          )
        }),
        {
          numRuns: 500,
          // A hang costs the whole guard; shrinking would pay it again for every smaller case.
          endOnFailure: true,
          examples: [
            ['Base32 secret', megabyteOf('=', 'x')],
            ['Base32 secret', megabyteOf(' ', 'x')],
            ['Base64 field', megabyteOf('=', 'x')],
            ['hexadecimal field', megabyteOf('0', 'x')],
            ['pasted backup codes', megabyteOf(' ', 'x')],
            ['search text', megabyteOf('1', 'x')],
          ],
        },
      )
    },
    // The vitest timeout is a hang guard too, never a speed target.
    600_000,
  )

  const formats = Object.keys(plainExportWithSecret) as PlainExportFormat[]
  for (const format of formats) {
    it(`refuses a megabyte-long secret in a plain ${format} export as too long, and reads the file`, async () => {
      const outcome = await runner.run({
        entry: `secret in a plain ${format} export`,
        shape: megabyteOf('=', 'x'),
      })
      expect(outcome).toEqual({ kind: 'value', failedReasons: [expect.stringMatching(/secret is too long/)] })
    }, 120_000)
  }

  it('refuses a megabyte of padding as a Base32 secret, naming the length', async () => {
    const outcome = await runner.run({ entry: 'Base32 secret', shape: megabyteOf('=', 'x') })
    expect(outcome).toMatchObject({ kind: 'typed', code: 'invalid-secret' })
    expect(outcome.kind === 'typed' && outcome.message).toMatch(/too long/)
  }, 120_000)
})
