import { extname } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Worker } from 'node:worker_threads'
import { errorFromAnswer, type TwofoldError } from '../../errors.ts'
import { IdleWorker } from '../idle-worker.ts'
import { tooLarge, unreadable } from '../import-errors.ts'
import type { ScanAnswer } from './qr-scan-worker.ts'

/** How long and how much heap one image may take before it is given up on. */
export interface ScanLimits {
  /** Wall-clock time: a real 16-megapixel photo takes a few seconds on a slow laptop. */
  timeMs: number
  /** The worker's JavaScript heap; pixels live outside it, bounded by MAX_IMAGE_PIXELS. */
  heapMb: number
}

export const DEFAULT_SCAN_LIMITS: ScanLimits = { timeMs: 30_000, heapMb: 256 }

/**
 * An idle worker is kept this long for the next image (a screen of codes, a folder of screenshots),
 * then ended: it costs memory, and its heap may still hold the last codes' keys until collected.
 */
const IDLE_WORKER_MS = 15_000

/**
 * The worker sits beside this module under the same extension: `.ts` when Node runs the sources
 * (tests, harness), `.js` in the app's bundle, `.mjs` in the CLI's. The name is built at run time so
 * the bundlers leave the URL alone; each bundle emits the worker as an entry of its own.
 */
function workerUrl(): URL {
  const extension = extname(fileURLToPath(import.meta.url))
  const fileName = `./qr-scan-worker${extension}`
  return new URL(fileName, import.meta.url)
}

const workers = new IdleWorker(workerUrl, IDLE_WORKER_MS)

/**
 * The texts of the QR codes in a PNG or JPEG image, read on a worker thread so that no image, however
 * large or hostile, blocks this one. A worker past its time or heap limit is stopped and the image
 * refused with a typed error.
 */
export function scanImageOffThread(
  bytes: Uint8Array,
  limits: ScanLimits = DEFAULT_SCAN_LIMITS,
): Promise<string[]> {
  // A copy of its own, handed over rather than cloned: the caller's buffer may be a view of a larger one.
  const image = new Uint8Array(bytes)
  return new Promise((resolve, reject) => {
    let worker: Worker
    try {
      worker = workers.take(limits.heapMb)
    } catch {
      reject(unreadable('Twofold could not start reading this image.'))
      return
    }
    const settle = (outcome: { answer: ScanAnswer } | { error: TwofoldError }) => {
      clearTimeout(timer)
      worker.off('message', onMessage)
      worker.off('error', onError)
      worker.off('exit', onExit)
      if ('answer' in outcome) {
        workers.keep(worker, limits.heapMb)
        const { answer } = outcome
        if (answer.ok) resolve(answer.codes)
        else reject(errorFromAnswer(answer))
      } else {
        void worker.terminate()
        reject(outcome.error)
      }
    }
    const onMessage = (answer: ScanAnswer) => settle({ answer })
    const onError = (error: NodeJS.ErrnoException) =>
      settle({
        error:
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? tooLarge(
                'This image needs more memory to scan than Twofold allows. Crop it to the QR code and try again.',
              )
            : unreadable('This image could not be read.'),
      })
    const onExit = () => settle({ error: unreadable('This image could not be read.') })
    const timer = setTimeout(
      () =>
        settle({
          error: tooLarge('This image took too long to scan. Crop it to the QR code and try again.'),
        }),
      limits.timeMs,
    )
    worker.on('message', onMessage)
    worker.on('error', onError)
    worker.on('exit', onExit)
    worker.postMessage(image, [image.buffer])
  })
}
