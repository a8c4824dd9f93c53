/**
 * Fixtures for the Chromium suite: each test gets its own vault folder, its own throwaway keychain
 * service and its own harness, all removed afterwards; and a page that fails the test on any CSP
 * violation or uncaught error.
 */
import { AsyncEntry, findCredentials } from '@napi-rs/keyring'
import { test as base, expect, type Page } from '@playwright/test'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { postgresFlavourAvailable } from '../support/postgres.ts'
import { startTeamServer, type TestTeamServer } from '../support/team-server.ts'
import { startHarness, type Harness } from './harness-server.ts'

export interface VaultHarness extends Harness {
  home: string
  keychainService: string
}

const PROBE_ACCOUNT = '__availability-probe__'
const NO_SECRET_SERVICE =
  'No Secret Service keychain here (run inside dbus-run-session with gnome-keyring-daemon --unlock).'

export const test = base.extend<
  { harness: VaultHarness },
  { secretServiceAvailable: boolean; teamServer: TestTeamServer | null }
>({
  // Playwright reads fixture dependencies from the destructuring pattern, so `{}` means "none".
  secretServiceAvailable: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const available = await secretServiceReachable()
      if (!available && process.env.CI !== 'true') console.warn(`keychain tests skip: ${NO_SECRET_SERVICE}`)
      await use(available)
    },
    { scope: 'worker' },
  ],

  // One real twofold-server on a real PostgreSQL for the worker's team specs, started when the first
  // asks: each creates its own team on it. Null where the binaries are missing (outside CI).
  teamServer: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      if (!(await postgresFlavourAvailable('embedded'))) return use(null)
      const server = await startTeamServer()
      try {
        await use(server)
      } finally {
        await server.close()
      }
    },
    { scope: 'worker', timeout: 180_000 },
  ],

  // eslint-disable-next-line no-empty-pattern
  harness: async ({}, use) => {
    const harness = await startVaultHarness()
    try {
      await use(harness)
    } finally {
      await harness.dispose()
    }
  },

  page: async ({ page, harness }, use) => {
    const problems: string[] = []
    page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`))
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) {
        problems.push(`CSP: ${message.text()}`)
      }
    })
    await page.goto(harness.url)
    await use(page)
    expect(problems, 'the page broke its CSP or threw').toEqual([])
  },
})

export { expect }

/** The worker's team server, or this test skipped in one line where PostgreSQL is not installed. */
export function requireTeamServer(server: TestTeamServer | null): TestTeamServer {
  test.skip(server === null, 'no PostgreSQL binaries here: npm ci installs the embedded ones')
  if (!server) throw new Error('unreachable: skipped above')
  return server
}

/**
 * A harness with its own vault folder and throwaway keychain service; `dispose` removes all three.
 * Each test gets one as its fixture; a test with two people side by side starts a second.
 */
export async function startVaultHarness(): Promise<VaultHarness & { dispose(): Promise<void> }> {
  const home = mkdtempSync(join(tmpdir(), 'twofold-e2e-'))
  const keychainService = `Twofold-e2e-${randomBytes(6).toString('hex')}`
  const harness = await startHarness({ home, keychainService }).catch((error: unknown) => {
    rmSync(home, { recursive: true, force: true })
    throw error
  })
  return {
    ...harness,
    home,
    keychainService,
    async dispose() {
      await harness.close()
      await removeKeychainItems(keychainService)
      rmSync(home, { recursive: true, force: true })
    },
  }
}

/** Tests that need the real keychain skip in one line without one, except on CI where that is a failure. */
export function requireSecretService(available: boolean): void {
  const reason =
    'No Secret Service keychain on this machine (run inside dbus-run-session with gnome-keyring-daemon).'
  if (!available && process.env.CI === 'true') throw new Error(`${reason} CI must have one.`)
  test.skip(!available, reason)
}

/** The items a service holds, minus the probe the core writes and removes to test availability. */
export function keychainAccounts(service: string): string[] {
  return findCredentials(service)
    .map((credential) => credential.account)
    .filter((account) => account !== PROBE_ACCOUNT)
}

async function secretServiceReachable(): Promise<boolean> {
  if (!process.env.DBUS_SESSION_BUS_ADDRESS) return false
  // Pinned to the Secret Service: the default would quietly fall back to the kernel keyring.
  const probe = new AsyncEntry(`Twofold-e2e-probe-${randomBytes(4).toString('hex')}`, PROBE_ACCOUNT, {
    linux: { store: 'secret-service' },
  })
  try {
    await probe.setPassword('probe')
    await probe.deleteCredential()
    return true
  } catch {
    return false
  }
}

async function removeKeychainItems(service: string): Promise<void> {
  let accounts: string[]
  try {
    accounts = findCredentials(service).map((credential) => credential.account)
  } catch {
    return
  }
  for (const account of accounts) {
    await new AsyncEntry(service, account).deleteCredential().catch(() => false)
  }
}

/** Walks the create screens and returns the recovery key that was shown. */
export async function createVaultThroughUi(page: Page, options: { password?: string } = {}): Promise<string> {
  await page.getByRole('button', { name: 'Create vault' }).click()
  const recoveryKey = ((await page.getByTestId('recovery-key').textContent()) ?? '').trim()
  expect(recoveryKey).toMatch(/^([A-Z2-7]{4}-){7}[A-Z2-7]{4}$/)
  await page.getByRole('button', { name: 'I have written it down' }).click()
  await page.getByLabel('Recovery key').fill(recoveryKey)
  await fillNewPasswordIfAsked(page, options.password)
  await page.getByRole('button', { name: 'Create vault' }).click()
  await expect(page.getByRole('heading', { name: 'All accounts' })).toBeVisible()
  return recoveryKey
}

/**
 * Opts into a password when one is given; without a keychain the screen insists on one, so tests
 * that pass none must have checked for a keychain first.
 */
async function fillNewPasswordIfAsked(page: Page, password: string | undefined): Promise<void> {
  if (password === undefined) return
  const optIn = page.getByRole('checkbox', { name: 'Also protect with a password' })
  if (await optIn.isVisible()) await optIn.check()
  await page.getByLabel('Password', { exact: true }).fill(password)
  await page.getByLabel('Confirm password').fill(password)
}
