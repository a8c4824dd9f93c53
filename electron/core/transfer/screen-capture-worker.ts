import { parentPort } from 'node:worker_threads'
import { errorAnswer } from '../errors.ts'
import { shrinkForScanning, type Image } from '../importers/formats/qr-code-scan.ts'
import {
  composeDisplays,
  cropImage,
  decodeCapture,
  downscale,
  encodePng,
  pictureSize,
  regionInCapture,
  type CaptureAnswer,
  type CaptureRequest,
  type Region,
} from './screen-region.ts'

// The worker that holds one frozen screen capture for a region pick. Decoding a few 4K displays,
// composing, shrinking and encoding them takes seconds of pixel loops: here they never stall the main
// process (which answers every window and clears the clipboard on time). The full-resolution pixels
// live only in this worker; ending it (a scan, a cancel, a lock, a newer capture) frees them. Spawned
// by screen-region.ts's ScreenCaptures; built as its own entry beside the code that spawns it.

let held: { image: Image; picture: { width: number; height: number } } | null = null

function wipe(): void {
  held?.image.data.fill(0)
  held = null
}

function hold(displayPngs: readonly Uint8Array[]): CaptureAnswer {
  wipe()
  const decoded = displayPngs.map((png) => decodeCapture(png))
  const image = composeDisplays(decoded)
  if (image !== decoded[0]) for (const display of decoded) display.data.fill(0)
  const size = pictureSize(image)
  const small = downscale(image, size.factor)
  const png = encodePng(small)
  small.data.fill(0)
  held = { image, picture: { width: size.width, height: size.height } }
  return { ok: true, kind: 'held', width: size.width, height: size.height, png }
}

function take(region: Region): CaptureAnswer {
  if (held === null) {
    return { ok: false, code: 'import-expired', message: 'That picture of the screen is no longer held.' }
  }
  try {
    const area = regionInCapture(region, held.picture, held.image)
    const cropped = cropImage(held.image, area)
    // The QR reader refuses images over 16.7 MP; a region that large is scanned shrunk anyway.
    const scanned = shrinkForScanning(cropped)
    const png = encodePng(scanned)
    cropped.data.fill(0)
    scanned.data.fill(0)
    return { ok: true, kind: 'taken', png }
  } finally {
    // One capture, one pick: whatever the region, the pixels go.
    wipe()
  }
}

function answer(request: CaptureRequest): CaptureAnswer {
  try {
    return request.kind === 'hold' ? hold(request.displayPngs) : take(request.region)
  } catch (error) {
    return errorAnswer(error, 'The picture of the screen could not be read. Try again.')
  }
}

/** A PNG in a buffer of its own: encoders return pooled Buffers, which cannot be handed over. */
function own(png: Uint8Array): Uint8Array<ArrayBuffer> {
  const copy = new Uint8Array(png)
  png.fill(0)
  return copy
}

parentPort?.on('message', (request: CaptureRequest) => {
  const reply = answer(request)
  if (!reply.ok) return parentPort?.postMessage(reply)
  const png = own(reply.png)
  parentPort?.postMessage({ ...reply, png }, [png.buffer])
})
