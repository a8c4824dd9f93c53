import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test'
import { findCredentials } from '@napi-rs/keyring'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { findElectronBinary } from './electron-binary.ts'

/**
 * The built app in real Electron: the same create → lock → unlock walk as the Chromium suite, plus
 * what only Electron can show (the hardened window, the preload's named functions).
 */
const binary = findElectronBinary()
test.skip('missing' in binary, 'missing' in binary ? binary.missing : '')

let home: string
let service: string
let app: ElectronApplication
let page: Page

async function launch() {
  app = await electron.launch({
    executablePath: 'path' in binary ? binary.path : '',
    args: ['.', ...(process.platform === 'linux' ? ['--no-sandbox'] : [])],
    env: { ...process.env, TWOFOLD_HOME: home, TWOFOLD_KEYCHAIN_SERVICE: service },
  })
  page = await app.firstWindow()
}

test.beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'twofold-electron-'))
  service = `Twofold-electron-${randomBytes(4).toString('hex')}`
})
test.afterAll(async () => {
  await app?.close()
  rmSync(home, { recursive: true, force: true })
})

test('creates a vault, locks it and unlocks it from the keychain', async () => {
  await launch()
  await page.getByRole('button', { name: /create vault/i }).click()
  const recoveryKey = (await page.getByTestId('recovery-key').textContent())?.trim() ?? ''
  expect(recoveryKey).toMatch(/^([A-Z2-7]{4}-){7}[A-Z2-7]{4}$/)
  await page.getByRole('button', { name: /i have written it down/i }).click()
  await page.getByLabel(/recovery key/i).fill(recoveryKey)
  await page.getByRole('button', { name: /create vault/i }).click()
  await expect(page.getByRole('heading', { name: /unlocked/i })).toBeVisible()

  await page.getByRole('button', { name: /^lock$/i }).click()
  await expect(page.getByRole('button', { name: /unlock/i })).toBeVisible()
  await page.getByRole('button', { name: /unlock/i }).click()
  await expect(page.getByRole('heading', { name: /unlocked/i })).toBeVisible()

  const accounts = findCredentials(service).filter((item) => item.account !== '__availability-probe__')
  expect(accounts).toHaveLength(1)
})

test('the window is sandboxed and exposes only named functions', async () => {
  const exposed = await page.evaluate(() => ({
    require: typeof (globalThis as { require?: unknown }).require,
    process: typeof (globalThis as { process?: unknown }).process,
    api: Object.keys((globalThis as unknown as { twofold: object }).twofold).sort(),
  }))
  expect(exposed.require).toBe('undefined')
  expect(exposed.process).toBe('undefined')
  expect(exposed.api).toContain('unlockVault')
  expect(exposed.api).not.toContain('invoke')
  const opened = await page.evaluate(
    () => (globalThis as unknown as { open(url: string): unknown }).open('https://example.com') === null,
  )
  expect(opened).toBe(true)
})

test('hotkey → quick popup → Enter puts the code on the real clipboard and hides the popup', async () => {
  const registered = await app.evaluate(({ globalShortcut }) =>
    globalShortcut.isRegistered('CommandOrControl+Shift+2'),
  )
  expect(registered).toBe(true)
  // An account, added through the manager window's own preload API (the path its Add dialog takes).
  const added = await page.evaluate(() =>
    (
      globalThis as unknown as {
        twofold: { addAccount(request: unknown): Promise<{ ok: boolean }> }
      }
    ).twofold.addAccount({
      platform: 'instagram',
      handle: 'acme.bakery',
      authenticator: {
        source: 'uri',
        uri: 'otpauth://totp/Instagram:acme.bakery?secret=JBSWY3DPEHPK3PXP&issuer=Instagram',
      },
    }),
  )
  expect(added.ok).toBe(true)
  // What the hotkey's handler and the tray's "Quick code…" do: show the popup created hidden at start.
  const isPopup = (title: string) => title === 'Twofold quick code'
  await app.evaluate(({ BrowserWindow }, title) => {
    const popup = BrowserWindow.getAllWindows().find((window) => window.getTitle() === title)
    popup?.show()
    popup?.focus()
  }, 'Twofold quick code')
  const popup = app.windows().find((window) => window.url().includes('/popup/'))
  expect(popup).toBeDefined()
  if (!popup) return
  const search = popup.getByRole('searchbox', { name: 'Find an account' })
  await search.fill('acme')
  await expect(popup.getByRole('option')).toHaveCount(1)
  await search.press('Enter')
  await expect.poll(() => app.evaluate(({ clipboard }) => clipboard.readText())).toMatch(/^\d{6}$/)
  await expect
    .poll(() =>
      app.evaluate(
        ({ BrowserWindow }, title) =>
          BrowserWindow.getAllWindows()
            .find((window) => window.getTitle() === title)
            ?.isVisible(),
        'Twofold quick code',
      ),
    )
    .toBe(false)
  expect(isPopup(await popup.title())).toBe(true)
})
