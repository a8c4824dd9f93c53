import { describe, expect, it } from 'vitest'
import { delayAfterFailures, FREE_ATTEMPTS } from '../../../electron/core/vault/unlock-throttle.ts'

describe('the growing delay after failed unlocks', () => {
  it('lets a person mistype a few times without any wait', () => {
    expect(FREE_ATTEMPTS).toBe(5)
    for (let failures = 0; failures < FREE_ATTEMPTS; failures++) expect(delayAfterFailures(failures)).toBe(0)
  })

  it('doubles after the fifth failure and stops at an hour', () => {
    expect(delayAfterFailures(5)).toBe(30_000)
    expect(delayAfterFailures(6)).toBe(60_000)
    expect(delayAfterFailures(7)).toBe(120_000)
    expect(delayAfterFailures(50)).toBe(60 * 60_000)
  })
})
