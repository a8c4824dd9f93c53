import { inflateSync } from 'node:zlib'
import { decode as decodeJpegBytes } from 'jpeg-js'
import { PNG } from 'pngjs'
import { tooLarge, unreadable } from '../import-errors.ts'
import { MAX_IMAGE_PIXELS } from '../import-limits.ts'
import type { Image } from './qr-code-scan.ts'

// PNG and JPEG files into RGBA pixels, with every allocation bounded by the size the header states
// and the header's size bounded by MAX_IMAGE_PIXELS. Runs in the image worker (qr-scan-worker.ts).

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
/** Every JPEG starts with a start-of-image marker followed by another marker. */
const JPEG_SIGNATURE = [0xff, 0xd8, 0xff]

export function looksLikePng(bytes: Uint8Array): boolean {
  return PNG_SIGNATURE.every((byte, index) => bytes[index] === byte)
}

export function looksLikeJpeg(bytes: Uint8Array): boolean {
  return JPEG_SIGNATURE.every((byte, index) => bytes[index] === byte)
}

export function decodeImage(bytes: Uint8Array): Image {
  return looksLikePng(bytes) ? decodePng(bytes) : decodeJpeg(bytes)
}

const damagedPng = () => unreadable('This PNG image is damaged or incomplete.')

interface PngHeader {
  width: number
  height: number
  bitDepth: number
  colorType: number
  interlaced: boolean
}

/** Samples per pixel for each PNG colour type (grey, RGB, palette, grey + alpha, RGBA). */
const CHANNELS: Readonly<Record<number, number>> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }

/** Adam7's seven passes: first column and row, then the steps between the pixels each one holds. */
const ADAM7_PASSES = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const

/** The IHDR fields and the IDAT chunks' bytes, read by walking the chunks (no decompression yet). */
function readPngChunks(bytes: Uint8Array): { header: PngHeader; compressed: Buffer } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let header: PngHeader | null = null
  const idat: Uint8Array[] = []
  let offset = PNG_SIGNATURE.length
  while (offset + 8 <= bytes.length) {
    const length = view.getUint32(offset)
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8))
    const data = offset + 8
    if (data + length + 4 > bytes.length) throw damagedPng()
    if (type === 'IHDR' && length >= 13) {
      header = {
        width: view.getUint32(data),
        height: view.getUint32(data + 4),
        bitDepth: bytes[data + 8] ?? 0,
        colorType: bytes[data + 9] ?? 0,
        interlaced: bytes[data + 12] === 1,
      }
    } else if (type === 'IDAT') idat.push(bytes.subarray(data, data + length))
    else if (type === 'IEND') break
    offset = data + length + 4
  }
  if (header === null || idat.length === 0) throw damagedPng()
  return { header, compressed: Buffer.concat(idat) }
}

/** Bytes of filtered scanlines the header's size allows: each row is a filter byte plus its pixels. */
function filteredSize(header: PngHeader): number {
  const channels = CHANNELS[header.colorType]
  if (channels === undefined || ![1, 2, 4, 8, 16].includes(header.bitDepth)) throw damagedPng()
  const rowBytes = (width: number) => 1 + Math.ceil((width * channels * header.bitDepth) / 8)
  if (!header.interlaced) return header.height * rowBytes(header.width)
  let total = 0
  for (const [left, top, stepX, stepY] of ADAM7_PASSES) {
    const width = Math.ceil((header.width - left) / stepX)
    const height = Math.ceil((header.height - top) / stepY)
    if (width > 0 && height > 0) total += height * rowBytes(width)
  }
  return total
}

/**
 * pngjs inflates an interlaced image's data with no output limit: a 510 KB file inflated to 512 MiB.
 * The data is inflated here first, stopping at the size the header allows, so pngjs's own inflation
 * (which repeats this one) is bounded by the same figure.
 */
function checkPixelDataSize(header: PngHeader, compressed: Buffer): void {
  try {
    inflateSync(compressed, { maxOutputLength: filteredSize(header) })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw tooLarge(
        'This PNG image holds far more pixel data than its size says, so it was not opened. Save the picture again, or take a new screenshot.',
      )
    }
    throw damagedPng()
  }
}

function decodePng(bytes: Uint8Array): Image {
  // The size is read from the header before anything is inflated: a small file can claim a huge
  // image, and decoding it would allocate width × height × 4 bytes.
  const { header, compressed } = readPngChunks(bytes)
  const { width, height } = header
  if (width === 0 || height === 0) throw damagedPng()
  if (width * height > MAX_IMAGE_PIXELS) {
    throw tooLarge(`This image is ${width} × ${height} pixels; crop or shrink it to at most 4096 × 4096.`)
  }
  checkPixelDataSize(header, compressed)
  let png: PNG
  try {
    png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))
  } catch {
    throw damagedPng()
  }
  if (png.width !== width || png.height !== height || png.data.length !== width * height * 4) {
    throw damagedPng()
  }
  return { data: new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), width, height }
}

function decodeJpeg(bytes: Uint8Array): Image {
  let decoded: { width: number; height: number; data: Uint8Array }
  try {
    // jpeg-js checks the frame header against these limits before it allocates the pixels, so a
    // small file claiming a gigapixel image is refused rather than decoded.
    decoded = decodeJpegBytes(bytes, {
      useTArray: true,
      formatAsRGBA: true,
      maxResolutionInMP: MAX_IMAGE_PIXELS / 1_000_000,
      maxMemoryUsageInMB: 512,
    })
  } catch (error) {
    const text = error instanceof Error ? error.message : ''
    if (/maxResolutionInMP|maxMemoryUsageInMB|memory/i.test(text)) {
      throw tooLarge('This image is too large to scan; crop or shrink it to at most 4096 × 4096.')
    }
    throw unreadable('This JPEG image is damaged or incomplete.')
  }
  const { width, height, data } = decoded
  if (width === 0 || height === 0 || data.length !== width * height * 4) {
    throw unreadable('This JPEG image is damaged or incomplete.')
  }
  return { data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), width, height }
}
