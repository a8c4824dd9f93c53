import { existsSync } from 'node:fs'

/** Debian's Chromium (or CHROMIUM_PATH): the e2e suite never downloads a browser. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** False on a machine without it; in CI, where it is always installed, its absence is a failure. */
export const chromiumInstalled = existsSync(chromiumPath)
if (!chromiumInstalled && process.env.CI === 'true') {
  throw new Error(`Chromium is missing at ${chromiumPath} (set CHROMIUM_PATH): CI cannot skip the e2e suite.`)
}

export const chromiumMissing = `Chromium is missing at ${chromiumPath} (set CHROMIUM_PATH)`
