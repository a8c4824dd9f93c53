/**
 * Screenshots of the first-run screens (create, recovery key, unlock), taken through the E2E harness
 * with a throwaway vault and keychain service. Not part of `npm test`. Run from the repository root
 * after `npm run build`, inside a keychain session (TWOFOLD_SCREENSHOTS picks the folder, as for the
 * e2e screenshots spec; this tool exists to update the docs, so it defaults to docs/screenshots):
 *   node test/harness/capture-screenshots.ts [light|dark]
 */
import { AsyncEntry, findCredentials } from '@napi-rs/keyring'
import { chromium, type Page } from '@playwright/test'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startHarness } from './harness-server.ts'
import { screenshotsFolder } from './screenshots-folder.ts'

const colorScheme = process.argv[2] === 'dark' ? 'dark' : 'light'
const outputDir = screenshotsFolder('docs/screenshots')
const suffix = colorScheme === 'dark' ? '-dark' : ''

const home = mkdtempSync(join(tmpdir(), 'twofold-screenshots-'))
const keychainService = `Twofold-screenshots-${randomBytes(6).toString('hex')}`
const harness = await startHarness({ home, keychainService })
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
})

try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 760 }, colorScheme })
  const shoot = (name: string) => page.screenshot({ path: join(outputDir, `${name}${suffix}.png`) })

  await page.goto(harness.url)
  await page.getByRole('button', { name: 'Create vault' }).waitFor()
  await shoot('create')

  await page.getByRole('button', { name: 'Create vault' }).click()
  await page.getByTestId('recovery-key').waitFor()
  await shoot('recovery-key')
  const recoveryKey = ((await page.getByTestId('recovery-key').textContent()) ?? '').trim()

  await page.getByRole('button', { name: 'I have written it down' }).click()
  await page.getByLabel('Recovery key').fill(recoveryKey)
  await optIntoPassword(page, 'correct horse battery staple')
  await page.getByRole('button', { name: 'Create vault' }).click()
  await page.getByRole('heading', { name: 'All accounts' }).waitFor()
  await shoot('unlocked')

  await page.getByRole('button', { name: 'Lock' }).click()
  await page.getByLabel('Password').waitFor()
  await shoot('unlock')
  console.log(`Screenshots (${colorScheme}) written to ${outputDir}`)
} finally {
  await browser.close()
  await harness.close()
  for (const { account } of findCredentials(keychainService)) {
    await new AsyncEntry(keychainService, account).deleteCredential().catch(() => false)
  }
  rmSync(home, { recursive: true, force: true })
}

async function optIntoPassword(page: Page, password: string): Promise<void> {
  const optIn = page.getByRole('checkbox', { name: 'Also protect with a password' })
  if (await optIn.isVisible()) await optIn.check()
  await page.getByLabel('Password', { exact: true }).fill(password)
  await page.getByLabel('Confirm password').fill(password)
}
