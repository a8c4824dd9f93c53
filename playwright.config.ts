import { defineConfig } from '@playwright/test'
import { existsSync } from 'node:fs'

/**
 * The Chromium suite: the built renderer, served by test/harness against the real core, in the
 * system's Chromium. Playwright never downloads a browser here; each spec starts its own harness.
 */
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

if (!existsSync(chromiumPath)) {
  const message = `Chromium is missing at ${chromiumPath} (set CHROMIUM_PATH): e2e tests skip.`
  if (process.env.CI === 'true')
    throw new Error(message.replace('e2e tests skip', 'CI cannot skip the e2e suite'))
  // The config is loaded again in each worker; the variable makes the line appear once.
  if (!process.env.TWOFOLD_E2E_SKIP) console.warn(message)
  process.env.TWOFOLD_E2E_SKIP = message
}

export default defineConfig({
  testDir: 'test/e2e',
  workers: 1,
  fullyParallel: false,
  reporter: 'list',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: chromiumPath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
    trace: 'retain-on-failure',
  },
})
