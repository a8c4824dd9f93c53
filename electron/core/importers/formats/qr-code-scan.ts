import jsQR from 'jsqr'
import { MAX_QR_CODES_PER_IMAGE, MAX_SCAN_PIXELS } from '../import-limits.ts'

// Finding every QR code in an image with jsQR, which reads one code per call. Each found code is
// blanked out and the image scanned again; jsQR is confused by several codes side by side (it then
// finds none), so the image is also cut into blocks separated by white space and each block scanned
// on its own. Every loop here is bounded, whatever the image holds.

/** RGBA pixels, row by row, as pngjs decodes them and jsQR reads them. */
export interface Image {
  data: Uint8ClampedArray
  width: number
  height: number
}

/**
 * Large images are scanned at a reduced size (whole-pixel box averaging): jsQR's time grows with the
 * pixel count and explodes on noisy content, while a QR code in a screenshot or photo is far larger
 * than the few pixels per module jsQR needs.
 */
export function shrinkForScanning(image: Image): Image {
  const factor = Math.ceil(Math.sqrt((image.width * image.height) / MAX_SCAN_PIXELS))
  if (factor <= 1) return image
  const width = Math.floor(image.width / factor)
  const height = Math.floor(image.height / factor)
  const data = new Uint8ClampedArray(width * height * 4)
  const area = factor * factor
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let channel = 0; channel < 4; channel++) {
        let sum = 0
        for (let dy = 0; dy < factor; dy++) {
          const row = ((y * factor + dy) * image.width + x * factor) * 4 + channel
          for (let dx = 0; dx < factor; dx++) sum += image.data[row + dx * 4] ?? 0
        }
        data[(y * width + x) * 4 + channel] = sum / area
      }
    }
  }
  return { data, width, height }
}

interface Region {
  left: number
  top: number
  width: number
  height: number
}

/** jsQR runs per scan; this bounds the work a hostile image can cause whatever it holds. */
const MAX_SCANS = 24
/** The smallest code (21 modules) at one pixel per module. */
const MIN_CODE_PIXELS = 21
/** White gaps at least this wide separate blocks; QR codes carry a 4-module white border of their own. */
const MIN_GAP_PIXELS = 3
/** A QR code's block is square; a caption can sit close enough to join it, so some slack is allowed. */
const MAX_BLOCK_ASPECT = 2.5
/** Segmentation stops splitting past this many blocks (a screenshot full of text). */
const MAX_BLOCKS = 256
const DARK_BELOW = 128

/**
 * Every code's text, in the order found. The whole image is scanned first, each found code blanked so
 * the next scan sees the rest. jsQR locates one code per scan and is confused by several side by side
 * (it then finds none), so the image is next cut into blocks separated by white gaps (a recursive
 * XY cut: QR codes always have a white border) and each square-ish block is scanned on its own.
 */
export function scanCodes(image: Image): string[] {
  const codes: string[] = []
  const budget = { scans: MAX_SCANS }
  // Light-on-dark codes (dark-mode screenshots) are tried on the whole image only: blocks are cut
  // around dark content on a light background, so inside one the code is dark on light.
  scanRegion(
    image,
    { left: 0, top: 0, width: image.width, height: image.height },
    codes,
    budget,
    'attemptBoth',
  )
  const blocks = whiteSeparatedBlocks(image)
    .filter((block) => isCodeShaped(block))
    .sort((a, b) => b.width * b.height - a.width * a.height)
  for (const block of blocks) {
    if (codes.length >= MAX_QR_CODES_PER_IMAGE || budget.scans <= 0) break
    const region = pad(image, block)
    // The whole image was just scanned; a block that is all of it would only repeat that.
    if (region.width === image.width && region.height === image.height) continue
    scanRegion(image, region, codes, budget, 'dontInvert')
  }
  return codes
}

function scanRegion(
  image: Image,
  region: Region,
  codes: string[],
  budget: { scans: number },
  inversionAttempts: 'attemptBoth' | 'dontInvert',
): void {
  while (codes.length < MAX_QR_CODES_PER_IMAGE && budget.scans > 0) {
    budget.scans--
    const found = jsQR(crop(image, region), region.width, region.height, { inversionAttempts })
    // The same text twice means blanking missed the code; scanning on would find it forever.
    if (found === null || codes.includes(found.data)) break
    codes.push(found.data)
    const corners = Object.values(found.location).filter((point) => point !== undefined)
    blankOut(
      image,
      corners.map((point) => ({ x: point.x + region.left, y: point.y + region.top })),
    )
  }
}

function isCodeShaped(block: Region): boolean {
  const short = Math.min(block.width, block.height)
  return short >= MIN_CODE_PIXELS && Math.max(block.width, block.height) / short <= MAX_BLOCK_ASPECT
}

/** A block widened by a white margin, as jsQR wants a quiet zone around a code. */
function pad(image: Image, block: Region): Region {
  const margin = Math.max(MIN_GAP_PIXELS, Math.ceil(Math.max(block.width, block.height) * 0.1))
  const left = clamp(block.left - margin, image.width)
  const top = clamp(block.top - margin, image.height)
  return {
    left,
    top,
    width: clamp(block.left + block.width + margin, image.width) - left,
    height: clamp(block.top + block.height + margin, image.height) - top,
  }
}

/** Segmentation looks at each pixel at most this many times in all, whatever the image's layout. */
const MAX_SEGMENT_PASSES = 8

/** Recursive XY cut: split along full-width or full-height white gaps until none is left. */
function whiteSeparatedBlocks(image: Image): Region[] {
  const dark = darkMask(image)
  const blocks: Region[] = []
  const pending: Region[] = [{ left: 0, top: 0, width: image.width, height: image.height }]
  let work = 0
  while (pending.length > 0 && blocks.length + pending.length <= MAX_BLOCKS) {
    const region = pending.pop() as Region
    // A hostile layout (strips nested like a spiral) could make every cut re-read most of the image.
    work += 2 * region.width * region.height
    if (work > MAX_SEGMENT_PASSES * image.width * image.height) break
    const columns = darkRuns(dark, image.width, region, 'x')
    if (columns.length > 1) {
      pending.push(...columns.map(([start, end]) => ({ ...region, left: start, width: end - start })))
      continue
    }
    const rows = darkRuns(dark, image.width, region, 'y')
    if (rows.length > 1) {
      pending.push(...rows.map(([start, end]) => ({ ...region, top: start, height: end - start })))
      continue
    }
    // One run each way: the block, trimmed to its dark content.
    const [column] = columns
    const [row] = rows
    if (column !== undefined && row !== undefined) {
      blocks.push({ left: column[0], top: row[0], width: column[1] - column[0], height: row[1] - row[0] })
    }
  }
  return blocks
}

/** 1 where a pixel is dark (transparent pixels count as white, as a viewer shows them on white). */
function darkMask(image: Image): Uint8Array {
  const mask = new Uint8Array(image.width * image.height)
  const { data } = image
  for (let pixel = 0, index = 0; pixel < mask.length; pixel++, index += 4) {
    const luma =
      0.299 * (data[index] ?? 255) + 0.587 * (data[index + 1] ?? 255) + 0.114 * (data[index + 2] ?? 255)
    mask[pixel] = (data[index + 3] ?? 255) >= 128 && luma < DARK_BELOW ? 1 : 0
  }
  return mask
}

/** Runs of columns (or rows) holding a dark pixel, split where at least MIN_GAP_PIXELS are all white. */
function darkRuns(dark: Uint8Array, stride: number, region: Region, axis: 'x' | 'y'): [number, number][] {
  const [start, length] = axis === 'x' ? [region.left, region.width] : [region.top, region.height]
  const runs: [number, number][] = []
  let runStart = -1
  let lastDark = -1
  for (let line = start; line < start + length; line++) {
    if (!lineHasDark(dark, stride, region, axis, line)) continue
    if (runStart === -1 || line - lastDark > MIN_GAP_PIXELS) {
      if (runStart !== -1) runs.push([runStart, lastDark + 1])
      runStart = line
    }
    lastDark = line
  }
  if (runStart !== -1) runs.push([runStart, lastDark + 1])
  return runs
}

function lineHasDark(
  dark: Uint8Array,
  stride: number,
  region: Region,
  axis: 'x' | 'y',
  line: number,
): boolean {
  if (axis === 'x') {
    for (let y = region.top; y < region.top + region.height; y++)
      if (dark[y * stride + line] === 1) return true
    return false
  }
  const rowStart = line * stride
  for (let x = region.left; x < region.left + region.width; x++) if (dark[rowStart + x] === 1) return true
  return false
}

function crop(image: Image, region: Region): Uint8ClampedArray {
  if (region.width === image.width && region.height === image.height) return image.data
  const pixels = new Uint8ClampedArray(region.width * region.height * 4)
  for (let row = 0; row < region.height; row++) {
    const start = ((region.top + row) * image.width + region.left) * 4
    pixels.set(image.data.subarray(start, start + region.width * 4), row * region.width * 4)
  }
  return pixels
}

/** Paints white over the code's bounding box, widened by a margin for its finder patterns' edges. */
function blankOut(image: Image, points: readonly { x: number; y: number }[]): void {
  const xs = points.map((point) => point.x)
  const ys = points.map((point) => point.y)
  const margin = Math.max(4, (Math.max(...xs) - Math.min(...xs)) * 0.05)
  const left = clamp(Math.floor(Math.min(...xs) - margin), image.width)
  const right = clamp(Math.ceil(Math.max(...xs) + margin), image.width)
  const top = clamp(Math.floor(Math.min(...ys) - margin), image.height)
  const bottom = clamp(Math.ceil(Math.max(...ys) + margin), image.height)
  for (let y = top; y < bottom; y++) {
    image.data.fill(255, (y * image.width + left) * 4, (y * image.width + right) * 4)
  }
}

function clamp(value: number, size: number): number {
  return Math.min(Math.max(value, 0), size)
}
