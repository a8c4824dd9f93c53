import type { RequestOf } from '../../../shared/ipc/contract.ts'

// The region picker's arithmetic, kept out of the component so it can be tested on its own: every
// rectangle it produces is whole picture pixels, non-empty and inside the picture, which is what
// main checks before it maps the region to the capture.

type ScreenRegionSource = Extract<RequestOf<'import:preview'>['source'], { kind: 'screen-region' }>
export type Region = ScreenRegionSource['region']

export interface Size {
  width: number
  height: number
}

/** The smallest rectangle a key press can shrink to: a QR code is never smaller than this on screen. */
export const MIN_KEYBOARD_SIZE = 8

/** Where the picker starts: a centred third of the picture, so arrow keys have something to move. */
export function initialRegion(picture: Size): Region {
  const width = Math.max(1, Math.round(picture.width / 3))
  const height = Math.max(1, Math.round(picture.height / 3))
  return {
    x: Math.floor((picture.width - width) / 2),
    y: Math.floor((picture.height - height) / 2),
    width,
    height,
  }
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), high)
}

/** A point on the shown image (CSS pixels from its corner) in picture pixels, kept inside the picture. */
export function toPicturePoint(
  offsetX: number,
  offsetY: number,
  shown: Size,
  picture: Size,
): { x: number; y: number } {
  return {
    x: clamp(Math.round((offsetX * picture.width) / Math.max(shown.width, 1)), 0, picture.width),
    y: clamp(Math.round((offsetY * picture.height) / Math.max(shown.height, 1)), 0, picture.height),
  }
}

/** The rectangle between two points of a drag, whichever way it went; null when it is empty. */
export function regionBetween(a: { x: number; y: number }, b: { x: number; y: number }): Region | null {
  const x = Math.min(a.x, b.x)
  const y = Math.min(a.y, b.y)
  const width = Math.abs(a.x - b.x)
  const height = Math.abs(a.y - b.y)
  return width >= 1 && height >= 1 ? { x, y, width, height } : null
}

/** How far one arrow press moves or resizes: about 1% of the picture, Shift for a tenth of that. */
export function keyStep(picture: Size, fine: boolean): number {
  return fine ? 1 : Math.max(1, Math.round(Math.max(picture.width, picture.height) / 100))
}

/** Moves the rectangle, stopping at the picture's edges. */
export function moveRegion(region: Region, dx: number, dy: number, picture: Size): Region {
  return {
    ...region,
    x: clamp(region.x + dx, 0, picture.width - region.width),
    y: clamp(region.y + dy, 0, picture.height - region.height),
  }
}

/** Grows or shrinks the rectangle from its bottom-right corner, never past the edge or below the minimum. */
export function resizeRegion(region: Region, dw: number, dh: number, picture: Size): Region {
  const minWidth = Math.min(MIN_KEYBOARD_SIZE, picture.width)
  const minHeight = Math.min(MIN_KEYBOARD_SIZE, picture.height)
  return {
    ...region,
    width: clamp(region.width + dw, minWidth, picture.width - region.x),
    height: clamp(region.height + dh, minHeight, picture.height - region.y),
  }
}

/** What a screen reader hears about the rectangle after each change. */
export function describeRegion(region: Region, picture: Size): string {
  const percent = (part: number, whole: number) => Math.round((part / whole) * 100)
  return `Region ${region.width} × ${region.height} pixels, ${percent(region.x, picture.width)}% from the left and ${percent(region.y, picture.height)}% from the top of the screen picture.`
}
