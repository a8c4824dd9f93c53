import { PNG } from 'pngjs'
import { describe, expect, it } from 'vitest'
import { isTwofoldError, type TwofoldError } from '../../../electron/core/errors.ts'
import { scanImageOffThread } from '../../../electron/core/importers/formats/qr-scan-thread.ts'
import { readImport } from '../../../electron/core/importers/read-import.ts'
import { qrPng } from './export-builders.ts'
import { importedSummaries, totp } from './import-helpers.ts'
import { compressedZeros, interlaced, rgbaPng } from './png-builder.ts'

const single = 'otpauth://totp/Instagram:ana?secret=JBSWY3DPEHPK3PXP&issuer=Instagram'
const MiB = 1024 * 1024

async function refusal(work: Promise<unknown>): Promise<unknown> {
  try {
    await work
  } catch (error) {
    return error
  }
  return undefined
}

function expectRefusal(error: unknown, code: string, message: RegExp): void {
  expect(isTwofoldError(error), `expected a TwofoldError, got ${String(error)}`).toBe(true)
  expect((error as TwofoldError).code).toBe(code)
  expect((error as TwofoldError).message).toMatch(message)
}

describe('images that try to exhaust memory or time', () => {
  it('reads an interlaced PNG', async () => {
    const parsed = await importedSummaries(interlaced(qrPng([single])))
    expect(parsed.entries).toEqual([
      { issuer: 'Instagram', accountName: 'ana', secret: 'JBSWY3DPEHPK3PXP', params: totp() },
    ])
  })

  // 1000 × 1000 pixels passes the pixel cap; its data should inflate to about 4 MB, not 128 MiB.
  for (const layout of ['an interlaced', 'a non-interlaced'] as const) {
    it(`refuses ${layout} PNG whose pixel data inflates far past its size, before inflating it all`, async () => {
      const bomb = rgbaPng(1000, 1000, layout === 'an interlaced', compressedZeros(128 * MiB))
      expect(bomb.length).toBeLessThan(MiB)
      expectRefusal(await refusal(readImport(bomb)), 'import-too-large', /more pixel data than its size says/)
    })
  }

  it('reads images on another thread: this one stays free while the image is scanned', async () => {
    const order: string[] = []
    const scanned = readImport(qrPng([single])).then(() => order.push('scanned'))
    setImmediate(() => order.push('this thread ran'))
    await scanned
    expect(order).toEqual(['this thread ran', 'scanned'])
  })

  it('stops a scan past its time limit with a typed error', async () => {
    const scan = scanImageOffThread(qrPng([single]), { timeMs: 0, heapMb: 256 })
    expectRefusal(await refusal(scan), 'import-too-large', /took too long/)
  })

  it('stops a scan past its memory limit with a typed error', async () => {
    const big = new PNG({ width: 2000, height: 2000 })
    big.data.fill(255)
    const scan = scanImageOffThread(PNG.sync.write(big), { timeMs: 60_000, heapMb: 8 })
    expectRefusal(await refusal(scan), 'import-too-large', /more memory/)
  })
})
