import { extname } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Worker } from 'node:worker_threads'
import type { ImportFormat } from '../../../shared/domain/import-formats.ts'
import { errorFromAnswer, type TwofoldError } from '../errors.ts'
import type { CollectedEntries } from './entry-collector.ts'
import type { ImportCredentials } from './format-reader.ts'
import { IdleWorker } from './idle-worker.ts'
import { tooLarge, unreadable } from './import-errors.ts'
import type { IsolatedReadAnswer, IsolatedReadRequest } from './isolated-read-worker.ts'

/** How long and how much heap one file may take before it is given up on. */
export interface IsolatedReadLimits {
  /** Wall-clock time: a KeePass database at the AES-KDF cap takes about 8 s on a slow laptop. */
  timeMs: number
  /** The worker's JavaScript heap: far above any real export, far below what would hurt the app. */
  heapMb: number
}

export const DEFAULT_ISOLATED_READ_LIMITS: IsolatedReadLimits = { timeMs: 120_000, heapMb: 512 }

/** Beside this module under the same extension, as qr-scan-thread.ts finds its worker. */
function workerUrl(): URL {
  const extension = extname(fileURLToPath(import.meta.url))
  return new URL(`./isolated-read-worker${extension}`, import.meta.url)
}

/** A folder of KeePass files, or a retry after a wrong password, reuses one worker. */
const workers = new IdleWorker(workerUrl, 15_000)

/**
 * Reads a file with its format's reader on a worker thread (kept a few seconds for the next). A
 * worker past its time or heap limit is stopped and the file refused with a typed error; the reader's
 * own typed errors come back as they were thrown.
 */
export function readIsolated(
  format: ImportFormat,
  bytes: Uint8Array,
  credentials: ImportCredentials,
  limits: IsolatedReadLimits = DEFAULT_ISOLATED_READ_LIMITS,
): Promise<CollectedEntries> {
  // Copies of their own, handed over rather than cloned: the caller wipes its own.
  const file = new Uint8Array(bytes)
  const keyFile = credentials.keyFile === undefined ? undefined : new Uint8Array(credentials.keyFile)
  const request: IsolatedReadRequest = { format, bytes: file, password: credentials.password, keyFile }
  const transfer = [file.buffer, ...(keyFile ? [keyFile.buffer] : [])]
  return new Promise((resolve, reject) => {
    let worker: Worker
    try {
      worker = workers.take(limits.heapMb)
    } catch {
      reject(unreadable('Twofold could not start reading this file.'))
      return
    }
    const settle = (outcome: { answer: IsolatedReadAnswer } | { error: TwofoldError }) => {
      clearTimeout(timer)
      worker.off('message', onMessage)
      worker.off('error', onError)
      worker.off('exit', onExit)
      if ('error' in outcome) {
        void worker.terminate()
        return reject(outcome.error)
      }
      workers.keep(worker, limits.heapMb)
      const { answer } = outcome
      if (answer.ok) return resolve(answer.result)
      reject(errorFromAnswer(answer))
    }
    const timer = setTimeout(
      () => settle({ error: tooLarge('This file took too long to open, far longer than any real export.') }),
      limits.timeMs,
    )
    const onMessage = (answer: IsolatedReadAnswer) => settle({ answer })
    const onError = (error: NodeJS.ErrnoException) =>
      settle({
        error:
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? tooLarge('This file unpacks to far more than any real export, so it was not opened.')
            : unreadable('This file could not be read.'),
      })
    const onExit = () => settle({ error: unreadable('This file could not be read.') })
    worker.on('message', onMessage)
    worker.on('error', onError)
    worker.on('exit', onExit)
    worker.postMessage(request, transfer)
  })
}
