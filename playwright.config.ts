import { defineConfig } from '@playwright/test'
import { chromiumInstalled, chromiumMissing, chromiumPath } from './test/harness/system-chromium.ts'

/**
 * The Chromium suite: the built renderer, served by test/harness against the real core, in the
 * system's Chromium. Playwright never downloads a browser here; each spec starts its own harness.
 * Without Chromium (outside CI) every spec skips, saying why.
 */
// The config is loaded again in each worker; the variable makes the line appear once.
if (!chromiumInstalled && !process.env.TWOFOLD_E2E_WARNED) {
  console.warn(`${chromiumMissing}: e2e tests skip.`)
  process.env.TWOFOLD_E2E_WARNED = '1'
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
