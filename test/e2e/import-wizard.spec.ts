import type { Locator, Page } from '@playwright/test'
import { chromiumInstalled, chromiumMissing } from '../harness/system-chromium.ts'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { PNG } from 'pngjs'
import QRCode from 'qrcode'
import type { Backend } from '../../electron/core/app-backend.ts'
import { fixture, thirdPartyAvailable, thirdPartyDir } from '../conformance/third-party-fixtures.ts'
import { expect, test } from '../harness/e2e-fixtures.ts'
import {
  accountRow,
  accountRows,
  codeIn,
  expectAccessible,
  openSeededManager,
} from '../harness/manager-page.ts'
import { randomBase32Secret, totpAt } from '../harness/reference-totp.ts'

test.skip(!chromiumInstalled, chromiumMissing)

/**
 * The import wizard in the manager, against the real core: what a person pastes, picks or scans goes
 * through the preview to the vault, and only the ticked entries arrive. Files come from the scripted
 * OS dialog (the harness's `desktop`), exactly as main's own dialog would hand them over.
 */

test('a pasted otpauth list: previewed with its unreadable line, imported, and the codes work', async ({
  page,
  harness,
}) => {
  await openSeededManager(page, harness)
  const instagram = randomBase32Secret()
  const github = randomBase32Secret()
  const dialog = await openImport(page)
  await expect(dialog.getByText('Nothing is written to the vault until')).toBeVisible()
  await expectAccessible(page, 'import source')

  // From the keyboard: focus starts on the source choice; the arrows pick, Tab reaches the text box.
  await expect(dialog.getByRole('radio', { name: 'A file' })).toBeFocused()
  await page.keyboard.press('ArrowRight')
  await expect(dialog.getByRole('radio', { name: 'Pasted text' })).toBeChecked()
  await page.keyboard.press('Tab')
  await expect(dialog.getByLabel('Exported text')).toBeFocused()
  await dialog
    .getByLabel('Exported text')
    .fill(
      [
        `otpauth://totp/Instagram:acme.bakery?secret=${instagram}&issuer=Instagram`,
        '# exported by hand',
        `otpauth://totp/GitHub:ops%40acme.test?secret=${github}&issuer=GitHub`,
        'My old phone',
      ].join('\n'),
    )
  await dialog.getByRole('button', { name: 'Preview' }).click()

  await expect(counts(dialog)).toHaveText(['2 new', '0 duplicates', '1 could not be read'])
  await expect(dialog.getByText('read as otpauth:// links, one per line')).toBeVisible()
  const grid = entries(dialog)
  await expect(grid.getByRole('checkbox', { name: 'Import acme.bakery (Instagram)' })).toBeChecked()
  await expect(grid.getByRole('checkbox', { name: 'Import ops@acme.test (GitHub)' })).toBeChecked()
  await expect(entryRow(grid, 'acme.bakery')).toContainText('Instagram')
  await expect(entryRow(grid, 'acme.bakery')).toContainText('TOTP')
  await expect(entryRow(grid, 'acme.bakery')).toContainText('New')
  const failed = dialog.getByRole('region', { name: /1 entry could not be read/ })
  await expect(failed.getByRole('listitem')).toHaveText('line 4This line is not an otpauth:// link.')
  await expectAccessible(page, 'import preview')

  await dialog.getByRole('button', { name: 'Import 2 accounts' }).click()
  await expect(dialog.getByRole('status')).toHaveText('Imported 2 accounts; 1 could not be read.')
  await expectAccessible(page, 'import result')
  await expect(dialog.getByRole('button', { name: 'Done' })).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(dialog).toHaveCount(0)

  const row = accountRow(page, 'acme.bakery')
  await expect(row.getByTestId('code')).toBeVisible()
  expect(codesAround(instagram)).toContain(await codeIn(row))
  await expect(accountRows(page)).toHaveCount(2)
})

test('an encrypted Aegis export: a wrong password is said in place, the right one opens the same file', async ({
  page,
  harness,
}) => {
  test.skip(!thirdPartyAvailable(), `no third-party fixtures at ${thirdPartyDir}`)
  await openSeededManager(page, harness)
  harness.desktop.openFile = fixture('aegis', 'importers', 'aegis_encrypted.json')
  const dialog = await openImport(page)
  await dialog.getByRole('button', { name: 'Choose file…' }).click()

  const password = dialog.getByLabel('Export password')
  await expect(dialog.getByText('aegis_encrypted.json is encrypted')).toBeVisible()
  await expect(password).toBeFocused()
  await expectAccessible(page, 'import password')

  await password.fill('tset')
  await dialog.getByRole('button', { name: 'Open' }).click()
  await expect(dialog.getByRole('alert')).toHaveText('The password is wrong for this Aegis vault.')
  await expect(password).toHaveAttribute('aria-invalid', 'true')
  await expect(password).toBeFocused()
  await expectAccessible(page, 'import wrong password')

  // The refused attempt is selected: typing replaces it.
  await page.keyboard.type('test')
  await page.keyboard.press('Enter')
  await expect(counts(dialog)).toHaveText(['7 new', '0 duplicates', '0 could not be read'])
  await expect(dialog.getByText('From aegis_encrypted.json, read as Aegis vault.')).toBeVisible()
  const grid = entries(dialog)
  await expect(grid).toHaveAttribute('aria-rowcount', '8')
  await expect(entryRow(grid, 'Mason').first()).toContainText('Deno')
  await expect(entryRow(grid, 'Sophia')).toContainText('Steam')
  await expect(entryRow(grid, 'Benjamin')).toContainText('HOTP')
  // One trip to the OS dialog: the retry read the file main already held.
  expect(harness.desktop.shown).toEqual([{ dialog: 'open', detail: 'import' }])

  await dialog.getByRole('button', { name: 'Import 7 accounts' }).click()
  await expect(dialog.getByRole('status')).toHaveText('Imported 7 accounts.')
  await dialog.getByRole('button', { name: 'Done' }).click()
  await expect(accountRows(page)).toHaveCount(7)
  expect(
    harness.backend.queries
      .list()
      .accounts.map((account) => account.issuer)
      .sort(),
  ).toEqual(['Air Canada', 'Airbnb', 'Boeing', 'Deno', 'Issuu', 'SPDX', 'WWE'])
})

test('duplicates are unticked and named; ticked from the keyboard, they are imported too', async ({
  page,
  harness,
}) => {
  const kept = randomBase32Secret()
  await openSeededManager(page, harness, [
    { platform: 'instagram', handle: '@acme.bakery', authenticator: { source: 'manual', secret: kept } },
  ])
  const fresh = randomBase32Secret()
  const dialog = await openImport(page)
  await dialog.getByRole('radio', { name: 'Pasted text' }).check()
  await dialog
    .getByLabel('Exported text')
    .fill(
      `otpauth://totp/Old%20phone:bakery?secret=${kept}&issuer=Old%20phone\n` +
        `otpauth://totp/TikTok:acme.bakery?secret=${fresh}&issuer=TikTok\n`,
    )
  await dialog.getByRole('button', { name: 'Preview' }).click()

  await expect(counts(dialog)).toHaveText(['1 new', '1 duplicate', '0 could not be read'])
  const grid = entries(dialog)
  const duplicate = entryRow(grid, 'bakery')
  await expect(duplicate).toContainText('Already in vault as @acme.bakery (same secret)')
  await expect(duplicate.getByRole('checkbox')).not.toBeChecked()
  await expect(entryRow(grid, 'acme.bakery').getByRole('checkbox')).toBeChecked()
  await expect(dialog.getByRole('button', { name: 'Import 1 account' })).toBeEnabled()
  await page.emulateMedia({ colorScheme: 'dark' })
  await expectAccessible(page, 'import preview with a duplicate, dark')
  await page.emulateMedia({ colorScheme: 'light' })

  // Nothing ticked: nothing to import.
  await dialog.getByRole('button', { name: 'Select none' }).click()
  await expect(dialog.getByRole('button', { name: 'Import 0 accounts' })).toBeDisabled()
  await dialog.getByRole('button', { name: 'Select all new' }).click()

  // Tab reaches the grid's one focusable row; the arrow keys move, Space ticks.
  await entryRow(grid, 'acme.bakery').focus()
  await page.keyboard.press('Home')
  await expect(duplicate).toBeFocused()
  await page.keyboard.press('Space')
  await expect(duplicate.getByRole('checkbox')).toBeChecked()
  await expect(dialog.getByRole('checkbox', { name: 'Include the duplicate' })).toBeChecked()
  await dialog.getByRole('button', { name: 'Import 2 accounts' }).click()
  await expect(dialog.getByRole('status')).toHaveText('Imported 2 accounts.')
  await dialog.getByRole('button', { name: 'Done' }).click()
  await expect(accountRows(page)).toHaveCount(3)
})

test('a QR code copied to the clipboard is imported; a screen without one says so', async ({
  page,
  harness,
}) => {
  await openSeededManager(page, harness)
  const secret = randomBase32Secret()
  harness.desktop.screens = [blankPng(400, 300)]
  const dialog = await openImport(page)

  await dialog.getByRole('radio', { name: 'QR code on the screen' }).check()
  await dialog.getByRole('button', { name: 'Scan the screen' }).click()
  await expect(dialog.getByRole('alert')).toContainText('No QR code was found on the screen')
  await expectAccessible(page, 'import screen without a QR code')

  harness.desktop.clipboardImage = qrPng(`otpauth://totp/X:acme_news?secret=${secret}&issuer=X`)
  await dialog.getByRole('radio', { name: 'QR image on the clipboard' }).check()
  await expect(dialog.getByRole('alert')).toHaveCount(0)
  await dialog.getByRole('button', { name: 'Read clipboard image' }).click()
  await expect(dialog.getByText('From Clipboard image, read as QR code image.')).toBeVisible()
  await expect(entryRow(entries(dialog), 'acme_news')).toContainText('X')
  await dialog.getByRole('button', { name: 'Import 1 account' }).click()
  await expect(dialog.getByRole('status')).toHaveText('Imported 1 account.')
  await dialog.getByRole('button', { name: 'Done' }).click()
  const row = accountRow(page, 'acme_news')
  await expect(row.getByTestId('code')).toBeVisible()
  expect(codesAround(secret)).toContain(await codeIn(row))
})

test('cancelling after the preview writes nothing, and main forgets the preview', async ({
  page,
  harness,
}) => {
  await openSeededManager(page, harness)
  const dialog = await openImport(page)
  await dialog.getByRole('radio', { name: 'Pasted text' }).check()
  const list = `otpauth://totp/Facebook:acme?secret=${randomBase32Secret()}&issuer=Facebook`

  // Back to the source: the first preview is discarded, and the pasted secrets are gone from the page.
  await dialog.getByLabel('Exported text').fill(list)
  const first = await previewId(page, () => dialog.getByRole('button', { name: 'Preview' }).click())
  await expect(counts(dialog)).toHaveText(['1 new', '0 duplicates', '0 could not be read'])
  await expectDiscarded(page, harness.backend, first, () =>
    dialog.getByRole('button', { name: 'Choose another source' }).click(),
  )
  await expect(dialog.getByLabel('Exported text')).toHaveValue('')

  // Cancel and Esc on a preview: closed, discarded, nothing written.
  await dialog.getByLabel('Exported text').fill(list)
  const second = await previewId(page, () => dialog.getByRole('button', { name: 'Preview' }).click())
  await expectDiscarded(page, harness.backend, second, () =>
    dialog.getByRole('button', { name: 'Cancel' }).click(),
  )
  await expect(dialog).toHaveCount(0)

  const reopened = await openImport(page)
  await reopened.getByRole('radio', { name: 'Pasted text' }).check()
  await reopened.getByLabel('Exported text').fill(list)
  const third = await previewId(page, () => reopened.getByRole('button', { name: 'Preview' }).click())
  await expect(counts(reopened).first()).toHaveText('1 new')
  await expectDiscarded(page, harness.backend, third, () => page.keyboard.press('Escape'))
  await expect(reopened).toHaveCount(0)

  expect(harness.backend.queries.list().accounts).toEqual([])
  await expect(page.getByText('No accounts yet')).toBeVisible()
})

test('a preview or a chosen file left too long is gone: the wizard says so and starts again', async ({
  page,
  harness,
}) => {
  await openSeededManager(page, harness)
  const file = join(harness.home, 'codes.txt')
  writeFileSync(file, `otpauth://totp/TikTok:acme?secret=${randomBase32Secret()}&issuer=TikTok\n`)
  harness.desktop.openFile = file
  const dialog = await openImport(page)
  await dialog.getByRole('button', { name: 'Choose file…' }).click()
  await expect(counts(dialog)).toHaveText(['1 new', '0 duplicates', '0 could not be read'])

  // Main drops a preview after half an hour and a chosen file after a quarter of an hour.
  harness.clock.offsetMs = 31 * 60_000
  await dialog.getByRole('button', { name: 'Import 1 account' }).click()
  await expect(dialog.getByRole('alert')).toHaveText(
    /^Nothing was imported\. This preview is no longer open .*Start the import again\.$/,
  )
  await expect(dialog.getByText('Chosen: codes.txt')).toBeVisible()
  await dialog.getByRole('button', { name: 'Read codes.txt again' }).click()
  await expect(dialog.getByRole('alert')).toHaveText(
    'That file is no longer open in Twofold: choose it again.',
  )
  await expect(dialog.getByRole('button', { name: 'Read codes.txt again' })).toHaveCount(0)
  await expectAccessible(page, 'import expired')

  await dialog.getByRole('button', { name: 'Choose file…' }).click()
  await expect(counts(dialog)).toHaveText(['1 new', '0 duplicates', '0 could not be read'])
  await dialog.getByRole('button', { name: 'Import 1 account' }).click()
  await expect(dialog.getByRole('status')).toHaveText('Imported 1 account.')
  expect(harness.backend.queries.list().accounts).toHaveLength(1)
})

test('10,000 entries: the preview stays a window onto the list, and all of them import', async ({
  page,
  harness,
}) => {
  test.setTimeout(180_000)
  await openSeededManager(page, harness)
  const lines = Array.from(
    { length: 10_000 },
    (_, index) =>
      `otpauth://totp/Instagram:client${String(index).padStart(5, '0')}?secret=${randomBase32Secret()}&issuer=Instagram`,
  )
  const dialog = await openImport(page)
  await dialog.getByRole('radio', { name: 'Pasted text' }).check()
  await paste(dialog.getByLabel('Exported text'), lines.join('\n'))
  await dialog.getByRole('button', { name: 'Preview' }).click()

  await expect(counts(dialog).first()).toHaveText('10,000 new', { timeout: 60_000 })
  const grid = entries(dialog)
  await expect(grid).toHaveAttribute('aria-rowcount', '10001')
  expect(await grid.locator('[role="row"][data-index]').count()).toBeLessThan(60)
  await entryRow(grid, 'client00000').focus()
  await page.keyboard.press('End')
  await expect(entryRow(grid, 'client09999')).toBeFocused()

  await dialog.getByRole('button', { name: 'Import 10,000 accounts' }).click()
  await expect(dialog.getByRole('status')).toHaveText('Imported 10,000 accounts.', { timeout: 120_000 })
  expect(harness.backend.queries.list().accounts).toHaveLength(10_000)
})

// ── helpers ──────────────────────────────────────────────────────────────────────────────────────

async function openImport(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'Import', exact: true }).click()
  const dialog = page.getByRole('dialog', { name: 'Import accounts' })
  await expect(dialog).toBeVisible()
  return dialog
}

const counts = (dialog: Locator): Locator =>
  dialog.getByRole('list', { name: 'Summary' }).getByRole('listitem')
const entries = (dialog: Locator): Locator => dialog.getByRole('grid', { name: 'Entries to import' })

/** The preview row whose account name is exactly `name`. */
function entryRow(grid: Locator, name: string): Locator {
  return grid.locator('[role="row"][data-index]').filter({
    has: grid.page().locator('.account-handle', { hasText: new RegExp(`^${escape(name)}$`) }),
  })
}

/** The importId main answered a preview with: a person never sees it, the test checks main let go of it. */
async function previewId(page: Page, action: () => Promise<void>): Promise<string> {
  const answered = page.waitForResponse((response) => response.url().endsWith('/__ipc/import%3Apreview'))
  await action()
  const body = (await (await answered).json()) as { ok: boolean; value?: { importId: string } }
  expect(body.ok).toBe(true)
  return body.value?.importId ?? ''
}

/**
 * Runs what should close the preview, waits for the window's discard to be answered, then checks main
 * let go: a forgotten preview cannot be committed (its secrets were wiped when it was discarded).
 */
async function expectDiscarded(
  page: Page,
  backend: Backend,
  importId: string,
  action: () => Promise<void>,
): Promise<void> {
  const discarded = page.waitForResponse((response) => response.url().endsWith('/__ipc/import%3Adiscard'))
  await action()
  await discarded
  const result = await backend.dispatch('import:commit', { importId, positions: [1] })
  expect(result.ok ? 'committed' : result.error.code).toBe('import-expired')
}

/** The codes of this secret one period either side of now. */
function codesAround(secret: string): string[] {
  const now = Date.now()
  return [-30_000, 0, 30_000].map((offset) => totpAt(secret, now + offset))
}

/** A QR code as a PNG, drawn module by module with the qrcode package's matrix. */
function qrPng(text: string, scale = 4): Buffer {
  const code = QRCode.create(text, { errorCorrectionLevel: 'M' }).modules
  const quiet = 4
  const width = (code.size + 2 * quiet) * scale
  const png = new PNG({ width, height: width })
  png.data.fill(255)
  for (let row = 0; row < code.size; row++) {
    for (let col = 0; col < code.size; col++) {
      if (!code.get(row, col)) continue
      for (let dy = 0; dy < scale; dy++) {
        for (let dx = 0; dx < scale; dx++) {
          const at = (((row + quiet) * scale + dy) * width + (col + quiet) * scale + dx) * 4
          png.data.fill(0, at, at + 3)
        }
      }
    }
  }
  return PNG.sync.write(png)
}

/** A screen with nothing on it. */
function blankPng(width: number, height: number): Buffer {
  const png = new PNG({ width, height })
  png.data.fill(255)
  return PNG.sync.write(png)
}

/**
 * What a paste does to the text box — the whole text in one input event — without Playwright typing
 * a megabyte into it character by character through the editor.
 */
async function paste(field: Locator, text: string): Promise<void> {
  await field.evaluate((element, value) => {
    // The prototype's setter, not the element's own: React watches the latter to notice real input.
    Object.getOwnPropertyDescriptor(Object.getPrototypeOf(element), 'value')?.set?.call(element, value)
    const target = element as unknown as EventTarget
    target.dispatchEvent(new Event('input', { bubbles: true }))
  }, text)
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
