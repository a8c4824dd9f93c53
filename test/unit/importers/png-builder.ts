import { crc32, deflateSync } from 'node:zlib'
import { PNG } from 'pngjs'

// PNG files written chunk by chunk, for what pngjs cannot write: interlaced images, and files whose
// compressed pixel data does not match their header.

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
const RGBA = 6

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}

/** An 8-bit RGBA PNG with exactly this (already compressed) pixel data. */
export function rgbaPng(width: number, height: number, interlaced: boolean, compressed: Buffer): Buffer {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header[8] = 8
  header[9] = RGBA
  header[12] = interlaced ? 1 : 0
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', compressed),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const

/** The same picture saved with Adam7 interlacing, as some image editors and browsers save PNGs. */
export function interlaced(png: Buffer): Buffer {
  const image = PNG.sync.read(png)
  const rows: Buffer[] = []
  for (const [left, top, stepX, stepY] of ADAM7) {
    for (let y = top; y < image.height; y += stepY) {
      const pixels: number[] = [0] // filter type None
      for (let x = left; x < image.width; x += stepX) {
        const at = (y * image.width + x) * 4
        pixels.push(...image.data.subarray(at, at + 4))
      }
      if (pixels.length > 1) rows.push(Buffer.from(pixels))
    }
  }
  return rgbaPng(image.width, image.height, true, deflateSync(Buffer.concat(rows)))
}

/** Compressed zeros: a few hundred bytes per megabyte, the stuff of decompression bombs. */
export function compressedZeros(bytes: number): Buffer {
  return deflateSync(Buffer.alloc(bytes), { level: 9 })
}
