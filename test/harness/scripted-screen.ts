import { PNG } from 'pngjs'
import QRCode from 'qrcode'

/**
 * A scripted display for the screen-region picker: a light-grey "desktop" with a QR code drawn
 * somewhere on it, as the PNG main's capture would hand the core. Tests frame the code (or an empty
 * corner) on the downscaled picture and check what the scan finds.
 */
export interface ScriptedScreen {
  png: Buffer
  width: number
  height: number
  /** Where the code (with its white quiet zone) sits, in the display's pixels. */
  code: { x: number; y: number; size: number }
}

export function screenWithQrCode(
  text: string,
  options: { width?: number; height?: number; x?: number; y?: number; scale?: number } = {},
): ScriptedScreen {
  const width = options.width ?? 1920
  const height = options.height ?? 1080
  const scale = options.scale ?? 6
  const modules = QRCode.create(text, { errorCorrectionLevel: 'M' }).modules
  const quiet = 4
  const size = (modules.size + 2 * quiet) * scale
  const x = options.x ?? width - size - 120
  const y = options.y ?? height - size - 100
  const png = new PNG({ width, height })
  // A grey desktop with a darker "window" on the left, so an empty region is not plain white.
  for (let index = 0; index < png.data.length; index += 4) {
    const pixel = index / 4
    const left = pixel % width < width / 3
    png.data.fill(left ? 90 : 200, index, index + 3)
    png.data[index + 3] = 255
  }
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      const moduleRow = Math.floor(row / scale) - quiet
      const moduleCol = Math.floor(col / scale) - quiet
      const dark =
        moduleRow >= 0 &&
        moduleCol >= 0 &&
        moduleRow < modules.size &&
        moduleCol < modules.size &&
        Boolean(modules.get(moduleRow, moduleCol))
      const at = ((y + row) * width + x + col) * 4
      png.data.fill(dark ? 0 : 255, at, at + 3)
    }
  }
  return { png: PNG.sync.write(png), width, height, code: { x, y, size } }
}

/** A plain display with nothing on it. */
export function blankScreen(width: number, height: number, grey = 200): Buffer {
  const png = new PNG({ width, height })
  for (let index = 0; index < png.data.length; index += 4) {
    png.data.fill(grey, index, index + 3)
    png.data[index + 3] = 255
  }
  return PNG.sync.write(png)
}
