import { existsSync } from 'node:fs'
import { resolve } from 'node:path'

/**
 * Real files published by other projects (../shared/fixtures/third-party, beside the checkout). A
 * plain clone has no such folder: the conformance suite then says so in one line and skips — except
 * in CI, where the folder is always provided and its absence is a broken setup.
 */
export const thirdPartyDir = resolve(process.cwd(), '../shared/fixtures/third-party')

export function thirdPartyAvailable(): boolean {
  if (existsSync(thirdPartyDir)) return true
  if (process.env.CI === 'true')
    throw new Error(`CI=true but the third-party fixtures are missing at ${thirdPartyDir}`)
  console.warn(`skipping conformance suite: no third-party fixtures at ${thirdPartyDir}`)
  return false
}

export function fixture(...parts: string[]): string {
  return resolve(thirdPartyDir, ...parts)
}
