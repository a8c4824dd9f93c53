import { describe, expect, it } from 'vitest'
import { isTwofoldError } from '../../../electron/core/errors.ts'
import { readImport } from '../../../electron/core/importers/read-import.ts'
import {
  composeDisplays,
  decodeCapture,
  regionInCapture,
  ScreenCaptures,
} from '../../../electron/core/transfer/screen-region.ts'
import { blankScreen, screenWithQrCode } from '../../harness/scripted-screen.ts'

const LINK = 'otpauth://totp/Example:region%40acme.test?secret=JBSWY3DPEHPK3PXP&issuer=Example'

/** The code's box on the picture the window was sent, widened by a margin. */
function framing(
  screen: { width: number; code: { x: number; y: number; size: number } },
  pictureWidth: number,
) {
  const factor = screen.width / pictureWidth
  const margin = 10
  return {
    x: Math.floor(screen.code.x / factor) - margin,
    y: Math.floor(screen.code.y / factor) - margin,
    width: Math.ceil(screen.code.size / factor) + 2 * margin,
    height: Math.ceil(screen.code.size / factor) + 2 * margin,
  }
}

async function errorOf(work: () => unknown): Promise<unknown> {
  try {
    await work()
  } catch (error) {
    return error
  }
  return null
}

describe('the screen-region picker in the core', () => {
  it('sends a downscaled picture and scans only the framed region of the full capture', async () => {
    const screen = screenWithQrCode(LINK, { width: 3840, height: 2160, scale: 8 })
    const captures = new ScreenCaptures()
    const picture = await captures.hold([screen.png])
    expect(picture.width).toBeLessThanOrEqual(1600)
    expect(picture.height).toBeLessThanOrEqual(1000)
    expect(picture.pngDataUrl.startsWith('data:image/png;base64,')).toBe(true)
    const shown = decodeCapture(Buffer.from(picture.pngDataUrl.split(',')[1] ?? '', 'base64'))
    expect([shown.width, shown.height]).toEqual([picture.width, picture.height])

    const region = await captures.take(picture.captureId, framing(screen, picture.width))
    const parsed = await readImport(region, { format: 'qr-image' })
    expect(parsed.entries.map((entry) => entry.accountName)).toEqual(['region@acme.test'])
  })

  it('finds nothing in a region away from the code', async () => {
    const screen = screenWithQrCode(LINK)
    const captures = new ScreenCaptures()
    const picture = await captures.hold([screen.png])
    const empty = await captures.take(picture.captureId, { x: 10, y: 10, width: 200, height: 150 })
    const error = await errorOf(() => readImport(empty, { format: 'qr-image' }))
    expect(isTwofoldError(error, 'import-no-qr-code')).toBe(true)
  })

  it('holds the capture for one pick: a second scan, a cancelled pick or a newer capture finds it gone', async () => {
    const screen = screenWithQrCode(LINK)
    const captures = new ScreenCaptures()
    const first = await captures.hold([screen.png])
    await captures.take(first.captureId, { x: 0, y: 0, width: 10, height: 10 })
    expect(captures.holding).toBe(false)
    await expect(captures.take(first.captureId, { x: 0, y: 0, width: 10, height: 10 })).rejects.toMatchObject(
      { code: 'import-expired' },
    )

    const second = await captures.hold([screen.png])
    captures.drop(second.captureId)
    expect(captures.holding).toBe(false)

    const third = await captures.hold([screen.png])
    const fourth = await captures.hold([screen.png])
    await expect(captures.take(third.captureId, { x: 0, y: 0, width: 10, height: 10 })).rejects.toMatchObject(
      { code: 'import-expired' },
    )
    expect(captures.holding).toBe(false)
    void fourth
  })

  it('throws away a capture still being prepared when the vault locks meanwhile', async () => {
    const captures = new ScreenCaptures()
    // The pixels are decoded on the capture's worker; the lock lands before it answers.
    const preparing = captures.hold([screenWithQrCode(LINK).png])
    captures.clear()
    await expect(preparing).rejects.toMatchObject({ code: 'import-expired' })
    expect(captures.holding).toBe(false)
  })

  it('drops a capture left unpicked for five minutes', async () => {
    let now = 0
    const captures = new ScreenCaptures(() => now)
    const picture = await captures.hold([blankScreen(100, 100)])
    now = 5 * 60_000 + 1
    await expect(
      captures.take(picture.captureId, { x: 0, y: 0, width: 10, height: 10 }),
    ).rejects.toMatchObject({ code: 'import-expired' })
  })

  it('refuses a region outside the picture or empty, and drops the capture', async () => {
    const picture = { width: 800, height: 450 }
    const capture = { width: 3200, height: 1800 }
    for (const region of [
      { x: 790, y: 0, width: 20, height: 10 },
      { x: 0, y: 440, width: 10, height: 20 },
      { x: -1, y: 0, width: 10, height: 10 },
      { x: 0, y: 0, width: 0, height: 10 },
      { x: 0.5, y: 0, width: 10, height: 10 },
    ]) {
      expect(() => regionInCapture(region, picture, capture), JSON.stringify(region)).toThrow(
        expect.objectContaining({ code: 'invalid-request' }),
      )
    }
    const captures = new ScreenCaptures()
    const held = await captures.hold([blankScreen(400, 300)])
    await expect(captures.take(held.captureId, { x: 0, y: 0, width: 401, height: 10 })).rejects.toMatchObject(
      { code: 'invalid-request' },
    )
    expect(captures.holding).toBe(false)
  })

  it('maps the picture’s pixels to the capture’s, rounding outwards and staying inside', () => {
    const picture = { width: 800, height: 450 }
    const capture = { width: 3200, height: 1800 }
    expect(regionInCapture({ x: 100, y: 50, width: 200, height: 100 }, picture, capture)).toEqual({
      x: 400,
      y: 200,
      width: 800,
      height: 400,
    })
    expect(regionInCapture({ x: 0, y: 0, width: 800, height: 450 }, picture, capture)).toEqual({
      x: 0,
      y: 0,
      ...capture,
    })
    // A picture that does not divide evenly: the crop still covers the whole framed area.
    const odd = regionInCapture(
      { x: 532, y: 299, width: 1, height: 1 },
      { width: 533, height: 300 },
      {
        width: 1601,
        height: 901,
      },
    )
    expect(odd.x + odd.width).toBeLessThanOrEqual(1601)
    expect(odd.y + odd.height).toBeLessThanOrEqual(901)
    expect(odd.width).toBeGreaterThanOrEqual(3)
  })

  it('puts several displays side by side, so a code on the second display is found where it is shown', async () => {
    const second = screenWithQrCode(LINK, { width: 1280, height: 1024, x: 200, y: 300 })
    const captures = new ScreenCaptures()
    const picture = await captures.hold([blankScreen(1920, 1080), second.png])
    expect(picture.displays).toBe(2)
    const composed = composeDisplays([decodeCapture(blankScreen(1920, 1080)), decodeCapture(second.png)])
    expect([composed.width, composed.height]).toEqual([3200, 1080])
    const factor = composed.width / picture.width
    const margin = 8
    const region = await captures.take(picture.captureId, {
      x: Math.floor((1920 + second.code.x) / factor) - margin,
      y: Math.floor(second.code.y / factor) - margin,
      width: Math.ceil(second.code.size / factor) + 2 * margin,
      height: Math.ceil(second.code.size / factor) + 2 * margin,
    })
    const parsed = await readImport(region, { format: 'qr-image' })
    expect(parsed.entries).toHaveLength(1)
  })

  it('refuses a capture that is not a PNG, or none at all', async () => {
    const captures = new ScreenCaptures()
    await expect(captures.hold([])).rejects.toMatchObject({ code: 'import-unreadable' })
    await expect(captures.hold([new Uint8Array([1, 2, 3])])).rejects.toMatchObject({
      code: 'import-unreadable',
    })
  })
})
