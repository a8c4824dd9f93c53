import { expect } from '@playwright/test'
import { chromiumInstalled, chromiumMissing } from '../harness/system-chromium.ts'
import { test } from '../harness/e2e-fixtures.ts'
import { expectAccessible, openSeededManager, section } from '../harness/manager-page.ts'

test.skip(!chromiumInstalled, chromiumMissing)

/** Settings for this computer: saved beside the vault, applied by main (here: read back by the core). */
test('settings for this computer: shortcut, clipboard clearing, idle lock and screen capture', async ({
  page,
  harness,
}) => {
  await openSeededManager(page, harness)
  await section(page, 'Settings').click()
  const form = page.getByRole('form', { name: 'Settings for this computer' })
  await expect(form.getByLabel('Quick-code shortcut')).toHaveValue('CommandOrControl+Shift+2')
  await expect(form.getByLabel('Clear copied codes after (seconds)')).toHaveValue('30')
  await expect(form.getByLabel('Lock after idle minutes')).toHaveValue('5')

  await form.getByLabel('Lock after idle minutes').fill('-3')
  await form.getByRole('button', { name: 'Save for this computer' }).click()
  await expect(form.getByRole('alert')).toHaveText('Lock after 0 to 1440 idle minutes.')

  await form.getByLabel('Quick-code shortcut').fill('Alt+Shift+T')
  await form.getByLabel('Clear copied codes after (seconds)').fill('0')
  await form.getByLabel('Lock after idle minutes').fill('15')
  await form.getByRole('checkbox', { name: 'Hide Twofold from screen capture and screen sharing' }).uncheck()
  await form.getByRole('button', { name: 'Save for this computer' }).click()
  await expect(form.getByRole('status').last()).toHaveText('Saved for this computer.')
  expect(harness.backend.preferences.read()).toMatchObject({
    hotkey: 'Alt+Shift+T',
    clipboardClearSeconds: 0,
    idleLockMinutes: 15,
    contentProtection: false,
  })
  await expectAccessible(page, 'settings for this computer')
})
