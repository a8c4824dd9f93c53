/**
 * Draws Twofold's icons: two interlocking rings ("two-fold"), as the app icon on a rounded square and
 * as monochrome tray icons (dark and light panels, macOS template), each at 1x and @2x.
 * Run: node build/icons/draw-icons.ts
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { PNG } from 'pngjs'

type Rgba = [number, number, number, number]

function draw(size: number, pixel: (x: number, y: number) => Rgba): PNG {
  const png = new PNG({ width: size, height: size })
  const samples = 4 // 4×4 supersampling for smooth edges
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const [pr, pg, pb, pa] = pixel((x + (sx + 0.5) / samples) / size, (y + (sy + 0.5) / samples) / size)
          r += pr * pa
          g += pg * pa
          b += pb * pa
          a += pa
        }
      }
      const index = (y * size + x) * 4
      png.data[index] = a ? Math.round(r / a) : 0
      png.data[index + 1] = a ? Math.round(g / a) : 0
      png.data[index + 2] = a ? Math.round(b / a) : 0
      png.data[index + 3] = Math.round((a / (samples * samples)) * 255)
    }
  }
  return png
}

function ring(x: number, y: number, cx: number, cy: number, radius: number, width: number): boolean {
  const distance = Math.hypot(x - cx, y - cy)
  return Math.abs(distance - radius) <= width / 2
}

function rings(x: number, y: number, scale: number): boolean {
  const radius = 0.2 * scale
  const width = 0.085 * scale
  return (
    ring(x, y, 0.5 - 0.11 * scale, 0.5, radius, width) || ring(x, y, 0.5 + 0.11 * scale, 0.5, radius, width)
  )
}

function roundedSquare(x: number, y: number, inset: number, corner: number): boolean {
  const dx = Math.max(Math.abs(x - 0.5) - (0.5 - inset - corner), 0)
  const dy = Math.max(Math.abs(y - 0.5) - (0.5 - inset - corner), 0)
  return Math.hypot(dx, dy) <= corner
}

const out = import.meta.dirname
const write = (name: string, png: PNG) => writeFileSync(join(out, name), PNG.sync.write(png))

write(
  'icon.png',
  draw(512, (x, y) => {
    if (!roundedSquare(x, y, 0.06, 0.18)) return [0, 0, 0, 0]
    if (rings(x, y, 0.95)) return [255, 255, 255, 1]
    const shade = 1 - y * 0.25
    return [Math.round(37 * shade), Math.round(99 * shade), Math.round(235 * shade), 1]
  }),
)
for (const [suffix, size] of [
  ['', 16],
  ['@2x', 32],
] as const) {
  write(
    `tray-dark${suffix}.png`,
    draw(size, (x, y) => (rings(x, y, 1.12) ? [24, 24, 27, 1] : [0, 0, 0, 0])),
  )
  write(
    `tray-light${suffix}.png`,
    draw(size, (x, y) => (rings(x, y, 1.12) ? [250, 250, 250, 1] : [0, 0, 0, 0])),
  )
  write(
    `trayTemplate${suffix}.png`,
    draw(size, (x, y) => (rings(x, y, 1.12) ? [0, 0, 0, 1] : [0, 0, 0, 0])),
  )
}
