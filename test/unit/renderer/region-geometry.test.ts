import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  initialRegion,
  keyStep,
  moveRegion,
  regionBetween,
  resizeRegion,
  toPicturePoint,
  type Region,
} from '../../../renderer/manager/import/region-geometry.ts'

/** What main accepts: whole pixels, non-empty, inside the picture. */
function acceptable(region: Region, picture: { width: number; height: number }): boolean {
  return (
    [region.x, region.y, region.width, region.height].every(Number.isInteger) &&
    region.x >= 0 &&
    region.y >= 0 &&
    region.width >= 1 &&
    region.height >= 1 &&
    region.x + region.width <= picture.width &&
    region.y + region.height <= picture.height
  )
}

describe('the region picker’s rectangle', () => {
  it('stays a region main accepts whatever the keys, drags and picture size', () => {
    const picture = fc.record({
      width: fc.integer({ min: 1, max: 1600 }),
      height: fc.integer({ min: 1, max: 1000 }),
    })
    const press = fc.record({
      resize: fc.boolean(),
      fine: fc.boolean(),
      dx: fc.integer({ min: -1, max: 1 }),
      dy: fc.integer({ min: -1, max: 1 }),
    })
    fc.assert(
      fc.property(picture, fc.array(press, { maxLength: 60 }), (size, presses) => {
        let region = initialRegion(size)
        expect(acceptable(region, size)).toBe(true)
        for (const { resize, fine, dx, dy } of presses) {
          const step = keyStep(size, fine)
          region = resize
            ? resizeRegion(region, dx * step, dy * step, size)
            : moveRegion(region, dx * step, dy * step, size)
          expect(acceptable(region, size), JSON.stringify({ size, region })).toBe(true)
        }
      }),
    )
  })

  it('a drag either way gives the same rectangle, clamped to the picture; a click gives none', () => {
    const shown = { width: 400, height: 225 }
    const picture = { width: 1600, height: 900 }
    const a = toPicturePoint(-30, 10, shown, picture)
    const b = toPicturePoint(100, 500, shown, picture)
    expect(a).toEqual({ x: 0, y: 40 })
    expect(b).toEqual({ x: 400, y: 900 })
    expect(regionBetween(a, b)).toEqual({ x: 0, y: 40, width: 400, height: 860 })
    expect(regionBetween(b, a)).toEqual(regionBetween(a, b))
    expect(regionBetween(a, a)).toBeNull()
  })

  it('moves stop at the edges and resizing never shrinks below a few pixels', () => {
    const picture = { width: 100, height: 100 }
    expect(moveRegion({ x: 90, y: 0, width: 10, height: 10 }, 5, -5, picture)).toEqual({
      x: 90,
      y: 0,
      width: 10,
      height: 10,
    })
    expect(resizeRegion({ x: 0, y: 0, width: 10, height: 10 }, -50, 500, picture)).toEqual({
      x: 0,
      y: 0,
      width: 8,
      height: 100,
    })
  })
})
