import { randomUUID } from 'node:crypto'
import { extname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { PNG } from 'pngjs'
import { errorFromAnswer, TwofoldError, type ErrorAnswer } from '../errors.ts'
import type { Image } from '../importers/formats/qr-code-scan.ts'

// Picking a region of the screen to scan for a QR code. Main captures every display once (a frozen
// screenshot), keeps the full-resolution pixels on a worker of their own, and hands the window only a downscaled picture
// to draw a rectangle on. The rectangle comes back in the picture's coordinates; it is checked against
// the picture, mapped to the capture's pixels, and only that crop goes on to the QR scan (the image
// worker, through the `qr-image` reader). The capture is held for that one pick: taken by the scan,
// dropped on cancel, replaced by a newer capture, expired after a few minutes, wiped on lock. It is
// never written anywhere.

/** What the spawner asks the capture worker, and what it answers; here so the worker imports its spawner, not the reverse. */
export type CaptureRequest = { kind: 'hold'; displayPngs: Uint8Array[] } | { kind: 'take'; region: Region }

export type CaptureAnswer =
  | { ok: true; kind: 'held'; width: number; height: number; png: Uint8Array }
  | { ok: true; kind: 'taken'; png: Uint8Array }
  | ErrorAnswer

/** The picture the window draws on fits in this box: enough to find a code, far below a 4K capture. */
export const PICTURE_MAX_WIDTH = 1600
export const PICTURE_MAX_HEIGHT = 1000
/** Four 4K displays side by side; beyond that the capture would take hundreds of MB of memory. */
export const MAX_CAPTURE_PIXELS = 4 * 3840 * 2160
/** A pick left open longer than this is dropped; capturing again is one click. */
const CAPTURE_MS = 5 * 60_000

export interface Region {
  x: number
  y: number
  width: number
  height: number
}

/** What the window gets: an id for the pick and the downscaled picture, as a PNG data URL. */
export interface CapturePicture {
  captureId: string
  width: number
  height: number
  /** `data:image/png;base64,…`, shown in an <img> (the window's CSP allows data: images). */
  pngDataUrl: string
  displays: number
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]

/** A display's capture (a PNG main made itself), decoded after checking the size its header states. */
export function decodeCapture(png: Uint8Array): Image {
  const unreadableCapture = () =>
    new TwofoldError('import-unreadable', 'The picture of the screen could not be read. Try again.')
  if (png.length < 24 || !PNG_SIGNATURE.every((byte, index) => png[index] === byte)) throw unreadableCapture()
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength)
  const width = view.getUint32(16)
  const height = view.getUint32(20)
  if (width === 0 || height === 0) throw unreadableCapture()
  if (width * height > MAX_CAPTURE_PIXELS) throw tooManyPixels()
  let decoded: PNG
  try {
    decoded = PNG.sync.read(Buffer.from(png.buffer, png.byteOffset, png.byteLength))
  } catch {
    throw unreadableCapture()
  }
  if (decoded.width !== width || decoded.height !== height) throw unreadableCapture()
  return {
    data: new Uint8ClampedArray(decoded.data.buffer, decoded.data.byteOffset, decoded.data.length),
    width,
    height,
  }
}

function tooManyPixels(): TwofoldError {
  return new TwofoldError(
    'import-too-large',
    'The screens are too large to pick a region from. Scan the whole screen instead, or copy a screenshot of the QR code.',
  )
}

/** Displays side by side, left to right, top-aligned; the gaps below shorter ones are black. */
export function composeDisplays(displays: readonly Image[]): Image {
  if (displays.length === 1 && displays[0]) return displays[0]
  const width = displays.reduce((sum, display) => sum + display.width, 0)
  const height = Math.max(...displays.map((display) => display.height))
  if (width * height > MAX_CAPTURE_PIXELS) throw tooManyPixels()
  const data = new Uint8ClampedArray(width * height * 4)
  // Opaque black: a region over a gap scans as nothing, never as transparent "white".
  for (let index = 3; index < data.length; index += 4) data[index] = 255
  let left = 0
  for (const display of displays) {
    for (let row = 0; row < display.height; row++) {
      const from = row * display.width * 4
      data.set(display.data.subarray(from, from + display.width * 4), (row * width + left) * 4)
    }
    left += display.width
  }
  return { data, width, height }
}

/** The picture's size for a capture: the capture shrunk by a whole factor to fit the picture's box. */
export function pictureSize(capture: { width: number; height: number }): {
  factor: number
  width: number
  height: number
} {
  const factor = Math.max(
    1,
    Math.ceil(capture.width / PICTURE_MAX_WIDTH),
    Math.ceil(capture.height / PICTURE_MAX_HEIGHT),
  )
  return {
    factor,
    width: Math.max(1, Math.floor(capture.width / factor)),
    height: Math.max(1, Math.floor(capture.height / factor)),
  }
}

/** Box-averaged downscale by a whole factor: each picture pixel is the mean of factor² capture pixels. */
export function downscale(image: Image, factor: number): Image {
  if (factor <= 1) return { data: image.data.slice(), width: image.width, height: image.height }
  const width = Math.max(1, Math.floor(image.width / factor))
  const height = Math.max(1, Math.floor(image.height / factor))
  const data = new Uint8ClampedArray(width * height * 4)
  const sums = new Float64Array(width * 4)
  for (let y = 0; y < height; y++) {
    sums.fill(0)
    for (let dy = 0; dy < factor; dy++) {
      const row = (y * factor + dy) * image.width * 4
      for (let x = 0; x < width; x++) {
        const start = row + x * factor * 4
        for (let dx = 0; dx < factor * 4; dx += 4) {
          sums[x * 4] = (sums[x * 4] ?? 0) + (image.data[start + dx] ?? 0)
          sums[x * 4 + 1] = (sums[x * 4 + 1] ?? 0) + (image.data[start + dx + 1] ?? 0)
          sums[x * 4 + 2] = (sums[x * 4 + 2] ?? 0) + (image.data[start + dx + 2] ?? 0)
          sums[x * 4 + 3] = (sums[x * 4 + 3] ?? 0) + (image.data[start + dx + 3] ?? 0)
        }
      }
    }
    const area = factor * factor
    for (let index = 0; index < width * 4; index++) data[y * width * 4 + index] = (sums[index] ?? 0) / area
  }
  return { data, width, height }
}

/**
 * The region, given in the picture's coordinates, as a rectangle of the capture's pixels. Refused
 * unless it is whole pixels, non-empty and inside the picture: the window chose it, so it is checked.
 * The mapping rounds outwards, so the crop covers at least what the person framed.
 */
export function regionInCapture(
  region: Region,
  picture: { width: number; height: number },
  capture: { width: number; height: number },
): Region {
  const whole = [region.x, region.y, region.width, region.height].every(Number.isSafeInteger)
  if (
    !whole ||
    region.x < 0 ||
    region.y < 0 ||
    region.width < 1 ||
    region.height < 1 ||
    region.x + region.width > picture.width ||
    region.y + region.height > picture.height
  ) {
    throw new TwofoldError('invalid-request', 'That region is not inside the picture of the screen.', {
      field: 'region',
    })
  }
  const scaleX = capture.width / picture.width
  const scaleY = capture.height / picture.height
  const left = Math.min(capture.width - 1, Math.floor(region.x * scaleX))
  const top = Math.min(capture.height - 1, Math.floor(region.y * scaleY))
  const right = Math.min(capture.width, Math.max(left + 1, Math.ceil((region.x + region.width) * scaleX)))
  const bottom = Math.min(capture.height, Math.max(top + 1, Math.ceil((region.y + region.height) * scaleY)))
  return { x: left, y: top, width: right - left, height: bottom - top }
}

/** The capture's pixels inside `area` (already in capture pixels), copied out. */
export function cropImage(image: Image, area: Region): Image {
  const data = new Uint8ClampedArray(area.width * area.height * 4)
  for (let row = 0; row < area.height; row++) {
    const start = ((area.y + row) * image.width + area.x) * 4
    data.set(image.data.subarray(start, start + area.width * 4), row * area.width * 4)
  }
  return { data, width: area.width, height: area.height }
}

export function encodePng(image: Image): Buffer {
  const png = new PNG({ width: image.width, height: image.height })
  png.data.set(image.data)
  const encoded = PNG.sync.write(png)
  png.data.fill(0)
  return encoded
}

/** How long and how much heap one capture may take: a few 4K displays decode in seconds. */
const CAPTURE_WORK_MS = 60_000
const CAPTURE_HEAP_MB = 256

/** Beside this module under the same extension, as qr-scan-thread.ts finds its worker. */
function workerUrl(): URL {
  const extension = extname(fileURLToPath(import.meta.url))
  return new URL(`./screen-capture-worker${extension}`, import.meta.url)
}

/** One capture's worker: it holds the pixels, and ending it frees them. */
class CaptureWorker {
  readonly #worker: Worker

  constructor() {
    this.#worker = new Worker(workerUrl(), {
      resourceLimits: { maxOldGenerationSizeMb: CAPTURE_HEAP_MB, maxYoungGenerationSizeMb: 32 },
    })
    // An idle capture must not keep a process alive; its own expiry ends it anyway.
    this.#worker.unref()
  }

  ask(request: CaptureRequest, transfer: ArrayBuffer[] = []): Promise<CaptureAnswer> {
    return new Promise((resolve, reject) => {
      const worker = this.#worker
      const settle = (outcome: { answer: CaptureAnswer } | { error: TwofoldError }) => {
        clearTimeout(timer)
        worker.off('message', onMessage)
        worker.off('error', onError)
        worker.off('exit', onExit)
        if ('answer' in outcome) resolve(outcome.answer)
        else {
          void worker.terminate()
          reject(outcome.error)
        }
      }
      const lost = () =>
        new TwofoldError('import-unreadable', 'The picture of the screen could not be read. Try again.')
      const onMessage = (answer: CaptureAnswer) => settle({ answer })
      const onError = (error: NodeJS.ErrnoException) =>
        settle({ error: error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? tooManyPixels() : lost() })
      const onExit = () => settle({ error: expired() })
      const timer = setTimeout(() => settle({ error: tooManyPixels() }), CAPTURE_WORK_MS)
      worker.on('message', onMessage)
      worker.on('error', onError)
      worker.on('exit', onExit)
      worker.postMessage(request, transfer)
    })
  }

  end(): void {
    void this.#worker.terminate()
  }
}

function expired(): TwofoldError {
  return new TwofoldError(
    'import-expired',
    'That picture of the screen is no longer held (it was scanned, closed, or the vault locked). Pick the region again.',
  )
}

interface HeldCapture {
  captureId: string
  worker: CaptureWorker
  takenAt: number
}

/**
 * The one capture a pick is working on, held by a worker of its own (screen-capture-worker.ts) so
 * that no pixel loop runs on the main process's thread. Only one at a time: a new capture replaces
 * (and ends) the last, so a page asking again and again holds one screen's pixels at most.
 */
export class ScreenCaptures {
  #held: HeldCapture | null = null
  /** Bumped by every clear: a capture still being prepared when it changes is thrown away. */
  #generation = 0
  readonly #now: () => number

  constructor(now: () => number = Date.now) {
    this.#now = now
  }

  /** Freezes the displays' pictures for a pick; returns the downscaled picture to choose on. */
  async hold(displayPngs: readonly Uint8Array[]): Promise<CapturePicture> {
    this.clear()
    if (displayPngs.length === 0) {
      throw new TwofoldError(
        'import-unreadable',
        'Twofold could not take a picture of the screen. Try again.',
      )
    }
    const generation = this.#generation
    const worker = new CaptureWorker()
    // Copies handed over, not cloned: the caller's buffers stay the caller's.
    const copies = displayPngs.map((png) => new Uint8Array(png))
    let answer: CaptureAnswer
    try {
      answer = await worker.ask(
        { kind: 'hold', displayPngs: copies },
        copies.map((png) => png.buffer),
      )
    } catch (error) {
      worker.end()
      throw error
    }
    if (!answer.ok || answer.kind !== 'held' || generation !== this.#generation) {
      worker.end()
      if (!answer.ok) throw errorFromAnswer(answer)
      throw expired()
    }
    const captureId = randomUUID()
    this.#held = { captureId, worker, takenAt: this.#now() }
    const png = Buffer.from(answer.png.buffer, answer.png.byteOffset, answer.png.byteLength)
    const pngDataUrl = `data:image/png;base64,${png.toString('base64')}`
    png.fill(0)
    return { captureId, width: answer.width, height: answer.height, pngDataUrl, displays: displayPngs.length }
  }

  /**
   * The picked region of the full-resolution capture as a PNG for the QR reader. The capture is
   * taken out (its worker ended) whatever the scan finds: it serves one pick.
   */
  async take(captureId: string, region: Region): Promise<Buffer> {
    const held = this.#held
    if (held === null || held.captureId !== captureId || this.#now() - held.takenAt > CAPTURE_MS) {
      this.clear()
      throw expired()
    }
    // Out of the holder before the worker answers: a second take of the same id finds nothing.
    this.#held = null
    try {
      const answer = await held.worker.ask({ kind: 'take', region })
      if (!answer.ok) throw errorFromAnswer(answer)
      if (answer.kind !== 'taken') throw expired()
      return Buffer.from(answer.png.buffer, answer.png.byteOffset, answer.png.byteLength)
    } finally {
      held.worker.end()
    }
  }

  /** Cancel: the person closed the picker. Only the capture named is dropped. */
  drop(captureId: string): void {
    if (this.#held?.captureId === captureId) this.clear()
  }

  /** Whether a capture is held now (for tests and the lock). */
  get holding(): boolean {
    return this.#held !== null
  }

  clear(): void {
    this.#generation++
    this.#held?.worker.end()
    this.#held = null
  }
}
