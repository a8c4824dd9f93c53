import { Worker } from 'node:worker_threads'

/**
 * One worker kept between jobs of the same kind (a screen of QR codes, a folder of files), so a burst
 * of work pays for one thread start, not one per job. Kept only a short while, then ended: it costs
 * memory, and its heap may still hold the last job's keys until collected. A worker that failed or ran
 * past its limits is never kept (its owner terminates it).
 */
export class IdleWorker {
  readonly #url: () => URL
  readonly #idleMs: number
  #kept: { worker: Worker; heapMb: number; timer: NodeJS.Timeout } | null = null

  constructor(url: () => URL, idleMs: number) {
    this.#url = url
    this.#idleMs = idleMs
  }

  /** The kept worker if it has this heap limit, or a new one. */
  take(heapMb: number): Worker {
    const kept = this.#kept
    this.#kept = null
    if (kept !== null) {
      clearTimeout(kept.timer)
      if (kept.heapMb === heapMb) return (kept.worker.ref(), kept.worker)
      void kept.worker.terminate()
    }
    return new Worker(this.#url(), {
      resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: 32 },
    })
  }

  /** A worker that answered is kept for the next job; it must not keep a CLI process alive. */
  keep(worker: Worker, heapMb: number): void {
    if (this.#kept !== null) {
      void worker.terminate()
      return
    }
    worker.unref()
    const timer = setTimeout(() => {
      if (this.#kept?.worker === worker) this.#kept = null
      void worker.terminate()
    }, this.#idleMs)
    timer.unref()
    this.#kept = { worker, heapMb, timer }
  }
}
