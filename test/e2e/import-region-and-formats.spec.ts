import type { Locator, Page } from '@playwright/test'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { importFormatInfo, importFormats } from '../../shared/domain/import-formats.ts'
import { expect, test } from '../harness/e2e-fixtures.ts'
import { expectAccessible, openSeededManager } from '../harness/manager-page.ts'
import { randomBase32Secret } from '../harness/reference-totp.ts'
import { screenshotsFolder } from '../harness/screenshots-folder.ts'
import { screenWithQrCode, type ScriptedScreen } from '../harness/scripted-screen.ts'
import { chromiumInstalled, chromiumMissing } from '../harness/system-chromium.ts'
import { kdbx, xmlKeyFile } from '../unit/importers/builders/password-managers.ts'

test.skip(!chromiumInstalled, chromiumMissing)

/**
 * The import wizard's newer parts, against the real core: framing a QR code on a frozen picture of the
 * screen (the harness's scripted screen stands in for main's capture), every catalog format offered
 * with what it needs said before reading, and a KeePass key file chosen in main's own dialog (the
 * scripted desktop answers it).
 */
test.use({ viewport: { width: 1280, height: 800 } })

async function openImport(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'Import', exact: true }).click()
  const dialog = page.getByRole('dialog', { name: 'Import accounts' })
  await expect(dialog).toBeVisible()
  return dialog
}

async function openPicker(page: Page, dialog: Locator): Promise<Locator> {
  await dialog.getByRole('radio', { name: 'QR code on the screen' }).check()
  await dialog.getByRole('button', { name: 'Pick a region…' }).click()
  const picker = page.getByRole('dialog', { name: 'Pick the region with the QR code' })
  await expect(picker.getByRole('img', { name: 'A still picture of your screen' })).toBeVisible()
  return picker
}

/** Drags on the shown picture from one point to another, given as fractions of the screen. */
async function drag(
  page: Page,
  picker: Locator,
  from: { x: number; y: number },
  to: { x: number; y: number },
): Promise<void> {
  const box = await picker.getByTestId('region-picker-surface').boundingBox()
  if (!box) throw new Error('the picture is not shown')
  await page.mouse.move(box.x + from.x * box.width, box.y + from.y * box.height)
  await page.mouse.down()
  await page.mouse.move(box.x + to.x * box.width, box.y + to.y * box.height, { steps: 8 })
  await page.mouse.up()
}

/** The code's box with a margin, as fractions of the screen. */
function aroundCode(screen: ScriptedScreen): [{ x: number; y: number }, { x: number; y: number }] {
  const margin = 24
  return [
    { x: (screen.code.x - margin) / screen.width, y: (screen.code.y - margin) / screen.height },
    {
      x: (screen.code.x + screen.code.size + margin) / screen.width,
      y: (screen.code.y + screen.code.size + margin) / screen.height,
    },
  ]
}

test('a QR code framed on a frozen picture of the screen is previewed; an empty region says so', async ({
  page,
  harness,
}) => {
  await openSeededManager(page, harness)
  const screen = screenWithQrCode(
    `otpauth://totp/GitHub:ops%40acme.test?secret=${randomBase32Secret()}&issuer=GitHub`,
  )
  harness.desktop.screens = [screen.png]
  const dialog = await openImport(page)

  // An empty corner first: nothing there, said about the region, and the capture is gone with the scan.
  let picker = await openPicker(page, dialog)
  await expectAccessible(page, 'region picker')
  await drag(page, picker, { x: 0.02, y: 0.02 }, { x: 0.2, y: 0.2 })
  await expect(picker.getByRole('application', { name: 'Region to scan' })).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(picker).toHaveCount(0)
  await expect(dialog.getByRole('alert')).toContainText('No QR code was found in the region you picked')

  // Then the code itself, framed with the mouse and scanned with the button.
  picker = await openPicker(page, dialog)
  const [from, to] = aroundCode(screen)
  await drag(page, picker, from, to)
  await picker.getByRole('button', { name: 'Scan this region' }).click()
  await expect(picker).toHaveCount(0)
  await expect(
    dialog.getByRole('grid', { name: 'Entries to import' }).getByRole('checkbox', {
      name: 'Import ops@acme.test (GitHub)',
    }),
  ).toBeChecked()
  await expect(dialog.getByText('Screen region')).toBeVisible()
})

test('the region picker works from the keyboard, and Escape drops the capture in main', async ({
  page,
  harness,
}) => {
  await openSeededManager(page, harness)
  const screen = screenWithQrCode(
    `otpauth://totp/Instagram:acme.bakery?secret=${randomBase32Secret()}&issuer=Instagram`,
  )
  harness.desktop.screens = [screen.png]
  const dialog = await openImport(page)
  const captured = page.waitForResponse((response) =>
    response.url().endsWith('/__ipc/import%3Acapture-screen'),
  )
  const picker = await openPicker(page, dialog)
  const { captureId } = ((await (await captured).json()) as { value: { captureId: string } }).value

  const selection = picker.getByRole('application', { name: 'Region to scan' })
  await expect(selection).toBeFocused()
  await page.keyboard.press('Shift+ArrowRight')
  await expect(picker.locator('[aria-live="polite"]')).toContainText(/Region \d+ × \d+ pixels/)
  await page.keyboard.press('ArrowLeft')

  const dropped = page.waitForResponse((response) => response.url().endsWith('/__ipc/import%3Adrop-capture'))
  await page.keyboard.press('Escape')
  await dropped
  await expect(picker).toHaveCount(0)
  // Only the picker closed: the wizard is still there, and main no longer holds the capture.
  await expect(dialog).toBeVisible()
  const after = await harness.backend.dispatch('import:preview', {
    source: { kind: 'screen-region', captureId, region: { x: 0, y: 0, width: 10, height: 10 } },
  })
  expect(after.ok ? 'scanned' : after.error.code).toBe('import-expired')

  // Framed from the keyboard alone: the rectangle starts centred; move it over the code and scan.
  const again = await openPicker(page, dialog)
  const shown = await again.getByTestId('region-picker-surface').boundingBox()
  const picture = {
    width: Number(
      await again.getByRole('img', { name: 'A still picture of your screen' }).getAttribute('width'),
    ),
  }
  if (!shown) throw new Error('the picture is not shown')
  const step = Math.max(1, Math.round(picture.width / 100))
  const pixelsPerPicture = screen.width / picture.width
  // The start is the middle third; the code sits in the bottom-right corner.
  const start = { x: screen.width / 3, y: screen.height / 3 }
  const target = { x: screen.code.x - 40, y: screen.code.y - 40 }
  for (let i = 0; i < Math.round((target.x - start.x) / pixelsPerPicture / step); i++)
    await page.keyboard.press('ArrowRight')
  for (let i = 0; i < Math.round((target.y - start.y) / pixelsPerPicture / step); i++)
    await page.keyboard.press('ArrowDown')
  await page.keyboard.press('Enter')
  await expect(
    dialog.getByRole('grid', { name: 'Entries to import' }).getByRole('checkbox', {
      name: 'Import acme.bakery (Instagram)',
    }),
  ).toBeChecked()
})

test('every catalog format is offered, grouped, with what it needs said before reading', async ({
  page,
  harness,
}) => {
  await openSeededManager(page, harness)
  const dialog = await openImport(page)
  await dialog.getByRole('radio', { name: 'A file' }).check()
  const select = dialog.getByLabel('Format')
  const offered: { value: string | null; label: string | null; group: string | null }[] = []
  for (const group of await select.locator('optgroup').all()) {
    const label = await group.getAttribute('label')
    for (const option of await group.locator('option').all())
      offered.push({
        value: await option.getAttribute('value'),
        label: await option.textContent(),
        group: label,
      })
  }
  for (const format of importFormats) {
    const option = offered.find((candidate) => candidate.value === format)
    expect(option, `${format} is offered`).toBeDefined()
    expect(option?.label).toBe(importFormatInfo[format].label)
    expect(option?.group, `${format} sits in a group`).not.toBeNull()
  }

  for (const format of importFormats) {
    const info = importFormatInfo[format]
    await select.selectOption(format)
    // The note under the select: a live region (choosing another format is announced) that the
    // select names as its description whenever it says something.
    const hint = dialog.locator('.field:has(select) .field-hint')
    await expect(hint).toHaveAttribute('aria-live', 'polite')
    if (info.family === 'rooted-phone') await expect(hint, format).toContainText(/rooted phone/i)
    else await expect(hint, format).toHaveText(info.hint ?? '')
    if (info.hint || info.family === 'rooted-phone') {
      await expect(select).toHaveAttribute('aria-describedby', (await hint.getAttribute('id')) ?? '')
    }
    const password = dialog.getByLabel('Export password')
    if (info.encryption === 'always') await expect(password, format).toBeVisible()
    else await expect(password, format).toHaveCount(0)
    const keyFile = dialog.getByRole('button', { name: 'Choose key file…' })
    if (info.keyFile === true) await expect(keyFile, format).toBeVisible()
    else await expect(keyFile, format).toHaveCount(0)
  }

  const rooted = importFormats.find((format) => importFormatInfo[format].family === 'rooted-phone')
  if (rooted) await select.selectOption(rooted)
  await expectAccessible(page, 'import wizard with a rooted-phone format')
  const keyFiled = importFormats.find((format) => importFormatInfo[format].keyFile === true)
  if (keyFiled) await select.selectOption(keyFiled)
  await expectAccessible(page, 'import wizard with an always-encrypted key-file format')
})
const keyFileFormat = importFormats.find((format) => importFormatInfo[format].keyFile === true)

test('a KeePass database with a key file: chosen in main’s dialog, named in the window, imported', async ({
  page,
  harness,
}) => {
  test.skip(keyFileFormat === undefined, 'no catalog format takes a key file yet')
  await openSeededManager(page, harness)
  const keyFile = await xmlKeyFile()
  const secret = randomBase32Secret()
  const database = await kdbx(
    {
      entries: [
        {
          title: 'Instagram',
          username: 'keyed.account',
          fields: { otp: `otpauth://totp/Instagram:keyed.account?secret=${secret}&issuer=Instagram` },
        },
      ],
    },
    { password: 'kee pass', keyFile, version: 3 },
  )
  const databasePath = join(harness.home, 'agency.kdbx')
  const keyFilePath = join(harness.home, 'agency.keyx')
  writeFileSync(databasePath, database)
  writeFileSync(keyFilePath, keyFile)
  harness.desktop.openFile = databasePath
  harness.desktop.keyFile = keyFilePath

  // Detected from the content: the password alone is refused on the key-file field, which offers one.
  const dialog = await openImport(page)
  await dialog.getByRole('button', { name: 'Choose file…' }).click()
  await expect(dialog.getByLabel('Export password')).toBeFocused()
  await dialog.getByLabel('Export password').fill('kee pass')
  await dialog.getByRole('button', { name: 'Open' }).click()
  await expect(dialog.getByRole('alert')).toContainText('needs its key file')
  await expectAccessible(page, 'import password with a key-file refusal')
  await dialog.getByRole('button', { name: 'Choose key file…' }).click()
  await expect(dialog.getByText('agency.keyx')).toBeVisible()
  expect(harness.desktop.shown.at(-1)).toEqual({ dialog: 'open', detail: 'key-file' })
  await dialog.getByLabel('Export password').fill('kee pass')
  await dialog.getByRole('button', { name: 'Open' }).click()
  await expect(
    dialog.getByRole('grid', { name: 'Entries to import' }).getByRole('checkbox', {
      name: /Import keyed\.account/,
    }),
  ).toBeChecked()
})

test('KeePass chosen as the format: its password and key file are asked for before reading', async ({
  page,
  harness,
}) => {
  test.skip(keyFileFormat === undefined, 'no catalog format takes a key file yet')
  await openSeededManager(page, harness)
  const keyFile = await xmlKeyFile()
  const database = await kdbx(
    {
      entries: [
        {
          title: 'TikTok',
          username: 'up.front',
          fields: { otp: `otpauth://totp/TikTok:up.front?secret=${randomBase32Secret()}&issuer=TikTok` },
        },
      ],
    },
    { password: 'kee pass', keyFile, version: 3 },
  )
  harness.desktop.openFile = join(harness.home, 'agency.kdbx')
  harness.desktop.keyFile = join(harness.home, 'agency.keyx')
  writeFileSync(harness.desktop.openFile, database)
  writeFileSync(harness.desktop.keyFile, keyFile)

  const dialog = await openImport(page)
  await dialog.getByLabel('Format').selectOption(keyFileFormat ?? '')
  await dialog.getByRole('button', { name: 'Choose key file…' }).click()
  await expect(dialog.getByText('agency.keyx')).toBeVisible()
  await expect(dialog.getByRole('button', { name: 'Choose another key file…' })).toBeVisible()
  await dialog.getByLabel('Export password').fill('kee pass')
  await dialog.getByRole('button', { name: 'Choose file…' }).click()
  await expect(
    dialog
      .getByRole('grid', { name: 'Entries to import' })
      .getByRole('checkbox', { name: /Import up\.front/ }),
  ).toBeChecked()
})

test('screenshots of the region picker and the grouped format list', async ({ page, harness }) => {
  await openSeededManager(page, harness)
  const shots = screenshotsFolder()
  const screen = screenWithQrCode(
    `otpauth://totp/GitHub:ops%40acme.test?secret=${randomBase32Secret()}&issuer=GitHub`,
  )
  harness.desktop.screens = [screen.png]
  const dialog = await openImport(page)
  const picker = await openPicker(page, dialog)
  const [from, to] = aroundCode(screen)
  await drag(page, picker, from, to)
  await page.screenshot({ path: join(shots, 'import-region-picker.png') })
  await picker.getByRole('button', { name: 'Cancel' }).click()
  await expect(picker).toHaveCount(0)

  await dialog.getByRole('radio', { name: 'A file' }).check()
  const select = dialog.getByLabel('Format')
  // A closed <select> shows one line and an open one is drawn by the OS, outside the page: shown as
  // a list box for the picture, the groups and their formats are all visible.
  await page.setViewportSize({ width: 1280, height: 1600 })
  await select.evaluate((element) => {
    const list = element as unknown as {
      size: number
      querySelectorAll(selector: string): { length: number }
    }
    list.size = list.querySelectorAll('option, optgroup').length
  })
  await select.screenshot({ path: join(shots, 'import-format-groups.png') })
})
