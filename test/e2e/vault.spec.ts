import { readFileSync, existsSync } from 'node:fs'
import { chromiumInstalled, chromiumMissing } from '../harness/system-chromium.ts'
import { join } from 'node:path'
import type { Locator, Page } from '@playwright/test'
import {
  createVaultThroughUi,
  expect,
  keychainAccounts,
  requireSecretService,
  test,
} from '../harness/e2e-fixtures.ts'
import { expectAccessible } from '../harness/axe-check.ts'
import { makeRecoverySlotPredateRotation } from '../harness/legacy-vault.ts'

test.skip(!chromiumInstalled, chromiumMissing)

/**
 * What a person sees of the vault, through the real core: a real SQLite file in a temporary folder and
 * the real OS keychain under a throwaway service name.
 */

const PASSWORD = 'correct horse battery staple'

const lockedHeading = (page: Page) => page.getByRole('heading', { name: 'Twofold is locked' })
const unlockedHeading = (page: Page) => page.getByRole('heading', { name: 'All accounts' })
const openSettings = (page: Page) =>
  page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Settings' }).click()

/** Settings' "Add password" form, filled and sent; the status says it worked. */
async function addPassword(page: Page, settings: Locator, password: string) {
  await settings.getByRole('button', { name: 'Add password' }).click()
  await page.getByLabel('Password', { exact: true }).fill(password)
  await page.getByLabel('Confirm password').fill(password)
  await settings.getByRole('button', { name: 'Add password' }).click()
  await expect(settings.getByRole('status')).toHaveText('Password added.')
}

/** Settings' "Change password" form, filled and sent; the caller checks what came of it. */
async function changePassword(page: Page, settings: Locator, current: string, next: string) {
  await settings.getByRole('button', { name: 'Change password' }).click()
  await page.getByLabel('Current password').fill(current)
  await page.getByLabel('New password', { exact: true }).fill(next)
  await page.getByLabel('Confirm new password').fill(next)
  await settings.getByRole('button', { name: 'Change password' }).click()
}

/** Locks, then unlocks with the password, back to the account list. */
async function lockAndUnlockWith(page: Page, password: string) {
  await page.getByRole('button', { name: 'Lock' }).click()
  // Until the lock lands, the settings page (with its export form's password fields) is still shown.
  await expect(page.getByRole('button', { name: 'Unlock' })).toBeVisible()
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Unlock' }).click()
  await expect(unlockedHeading(page)).toBeVisible()
}

test('first run: a vault without a password, locked and unlocked again', async ({
  page,
  harness,
  secretServiceAvailable,
}) => {
  requireSecretService(secretServiceAvailable)
  await expect(page.getByRole('heading', { name: 'Welcome to Twofold' })).toBeVisible()
  await expect(page.getByText(harness.home)).toBeVisible()
  await page.getByRole('button', { name: 'Create vault' }).click()

  const recoveryKey = ((await page.getByTestId('recovery-key').textContent()) ?? '').trim()
  expect(recoveryKey).toMatch(/^([A-Z2-7]{4}-){7}[A-Z2-7]{4}$/)
  await expect(page.getByRole('list', { name: 'Recovery key' }).getByRole('listitem')).toHaveCount(8)
  await page.getByRole('button', { name: 'I have written it down' }).click()
  // Shown once: moving on takes it off the screen for good.
  await expect(page.getByTestId('recovery-key')).toHaveCount(0)

  await page.getByLabel('Recovery key').fill(misspell(recoveryKey))
  await page.getByRole('button', { name: 'Create vault' }).click()
  await expect(page.getByRole('alert')).toContainText('does not match the recovery key')
  expect(existsSync(join(harness.home, 'vault.sqlite3'))).toBe(false)

  // Case and dashes do not matter when typing it back.
  await page.getByLabel('Recovery key').fill(recoveryKey.toLowerCase().replaceAll('-', ' '))
  await page.getByRole('button', { name: 'Create vault' }).click()
  await expect(unlockedHeading(page)).toBeVisible()
  await openSettings(page)
  await expect(page.getByText(harness.home, { exact: true })).toBeVisible()

  await page.getByRole('button', { name: 'Lock' }).click()
  await expect(lockedHeading(page)).toBeVisible()
  // Lock means locked: the keychain is not tried again behind the person's back.
  await page.waitForTimeout(300)
  await expect(lockedHeading(page)).toBeVisible()

  await page.getByRole('button', { name: 'Unlock' }).click()
  await expect(unlockedHeading(page)).toBeVisible()
})

test('a vault with a password: a wrong one is refused in words, the right one unlocks', async ({ page }) => {
  await page.getByRole('button', { name: 'Create vault' }).click()
  const recoveryKey = ((await page.getByTestId('recovery-key').textContent()) ?? '').trim()
  await page.getByRole('button', { name: 'I have written it down' }).click()
  await page.getByLabel('Recovery key').fill(recoveryKey)
  const optIn = page.getByRole('checkbox', { name: 'Also protect with a password' })
  if (await optIn.isVisible()) await optIn.check()
  await expect(page.getByText('At least 10 characters')).toBeVisible()

  // Too short is caught before anything is sent, and the fields are emptied.
  await page.getByLabel('Password', { exact: true }).fill('short')
  await page.getByLabel('Confirm password').fill('short')
  await page.getByRole('button', { name: 'Create vault' }).click()
  await expect(page.getByRole('alert')).toHaveText('Use a password of at least 10 characters.')
  await expect(page.getByLabel('Password', { exact: true })).toHaveValue('')

  await page.getByLabel('Password', { exact: true }).fill(PASSWORD)
  await page.getByLabel('Confirm password').fill(PASSWORD)
  await page.getByRole('button', { name: 'Create vault' }).click()
  await expect(unlockedHeading(page)).toBeVisible()

  await page.getByRole('button', { name: 'Lock' }).click()
  await expect(lockedHeading(page)).toBeVisible()
  await expect(page.getByRole('button', { name: 'Use recovery key instead' })).toBeVisible()

  await page.getByLabel('Password').fill('not the password at all')
  await page.getByRole('button', { name: 'Unlock' }).click()
  await expect(page.getByRole('alert')).toContainText('That password is wrong.')
  await expect(page.getByLabel('Password')).toHaveValue('')
  await expect(lockedHeading(page)).toBeVisible()

  await page.getByLabel('Password').fill(PASSWORD)
  await page.getByRole('button', { name: 'Unlock' }).click()
  await expect(unlockedHeading(page)).toBeVisible()
})

test('after a reload a keychain vault unlocks by itself, and a lock from elsewhere shows at once', async ({
  page,
  harness,
  secretServiceAvailable,
}) => {
  requireSecretService(secretServiceAvailable)
  await createVaultThroughUi(page)
  await page.getByRole('button', { name: 'Lock' }).click()
  await expect(lockedHeading(page)).toBeVisible()

  await page.reload()
  await expect(unlockedHeading(page)).toBeVisible()

  // Another window or the CLI locks the vault: this window follows through the state event.
  await expect.poll(() => harness.eventStreamCount()).toBe(1)
  await harness.backend.vault.lock()
  await expect(lockedHeading(page)).toBeVisible()
  await expect(page.getByRole('button', { name: 'Unlock' })).toBeEnabled()
})

test('the vault file holds neither the recovery key nor the password', async ({ page, harness }) => {
  const recoveryKey = await createVaultThroughUi(page, { password: PASSWORD })
  await page.getByRole('button', { name: 'Lock' }).click()
  await expect(lockedHeading(page)).toBeVisible()

  const file = join(harness.home, 'vault.sqlite3')
  const contents = [file, `${file}-wal`].filter((path) => existsSync(path)).map((path) => readFileSync(path))
  expect(contents.length).toBeGreaterThan(0)
  const letters = recoveryKey.replaceAll('-', '')
  const needles: Array<[string, Buffer]> = [
    ['recovery key as shown', Buffer.from(recoveryKey)],
    ['recovery key letters', Buffer.from(letters)],
    ['recovery key letters, lower case', Buffer.from(letters.toLowerCase())],
    ['recovery key bytes', base32Decode(letters)],
    ['recovery key as UTF-16', Buffer.from(letters, 'utf16le')],
    ['password', Buffer.from(PASSWORD, 'utf8')],
    ['password as UTF-16', Buffer.from(PASSWORD, 'utf16le')],
  ]
  for (const content of contents) {
    for (const [what, needle] of needles) expect(content.includes(needle), what).toBe(false)
  }
})

test('the keychain holds exactly one item for the vault', async ({
  page,
  harness,
  secretServiceAvailable,
}) => {
  requireSecretService(secretServiceAvailable)
  await createVaultThroughUi(page)
  const accounts = keychainAccounts(harness.keychainService)
  expect(accounts).toHaveLength(1)
  expect(accounts[0]).toMatch(/^vault:/)
})

test('the create and unlock screens have no serious accessibility problems', async ({ page }) => {
  await expectAccessible(page, 'welcome')
  await page.getByRole('button', { name: 'Create vault' }).click()
  await expect(page.getByTestId('recovery-key')).toBeVisible()
  await expectAccessible(page, 'recovery key')
  const recoveryKey = ((await page.getByTestId('recovery-key').textContent()) ?? '').trim()
  await page.getByRole('button', { name: 'I have written it down' }).click()
  await page.getByLabel('Recovery key').fill(recoveryKey)
  const optIn = page.getByRole('checkbox', { name: 'Also protect with a password' })
  if (await optIn.isVisible()) await optIn.check()
  await page.getByLabel('Password', { exact: true }).fill('short')
  await page.getByLabel('Confirm password').fill('short')
  await page.getByRole('button', { name: 'Create vault' }).click()
  await expect(page.getByRole('alert')).toBeVisible()
  await expectAccessible(page, 'confirm with an error')

  await page.getByLabel('Password', { exact: true }).fill(PASSWORD)
  await page.getByLabel('Confirm password').fill(PASSWORD)
  await page.getByRole('button', { name: 'Create vault' }).click()
  await expect(unlockedHeading(page)).toBeVisible()
  await expectAccessible(page, 'unlocked home')

  await page.getByRole('button', { name: 'Lock' }).click()
  await expect(page.getByLabel('Password')).toBeVisible()
  await expectAccessible(page, 'unlock with password')
  await page.getByRole('button', { name: 'Use recovery key instead' }).click()
  await expect(page.getByLabel('Recovery key')).toBeVisible()
  await expectAccessible(page, 'unlock with recovery key')
})

test('the unlock screen is usable from the keyboard alone', async ({ page }) => {
  await createVaultThroughUi(page, { password: PASSWORD })
  await page.getByRole('button', { name: 'Lock' }).click()
  await expect(page.getByLabel('Password')).toBeFocused()
  await page.keyboard.type(PASSWORD)
  await page.keyboard.press('Enter')
  await expect(unlockedHeading(page)).toBeVisible()
})

test('settings add, change and remove the password', async ({ page, secretServiceAvailable }) => {
  requireSecretService(secretServiceAvailable)
  const NEW_PASSWORD = 'another long passphrase'
  await createVaultThroughUi(page)
  await openSettings(page)
  const settings = page.getByRole('region', { name: 'Security' })

  await addPassword(page, settings, PASSWORD)

  await changePassword(page, settings, 'not the password at all', NEW_PASSWORD)
  await expect(page.getByRole('alert')).toContainText('That password is wrong.')
  await expect(page.getByLabel('Current password')).toHaveValue('')
  await page.getByLabel('Current password').fill(PASSWORD)
  await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD)
  await page.getByLabel('Confirm new password').fill(NEW_PASSWORD)
  await settings.getByRole('button', { name: 'Change password' }).click()
  await expect(settings.getByRole('status')).toHaveText('Password changed.')

  await lockAndUnlockWith(page, NEW_PASSWORD)
  await openSettings(page)

  await settings.getByRole('button', { name: 'Remove password' }).click()
  await page.getByLabel('Current password').fill(NEW_PASSWORD)
  await settings.getByRole('button', { name: 'Remove password' }).click()
  await expect(settings.getByRole('status')).toHaveText('Password removed.')

  // Back to the keychain: one button, no password field.
  await page.getByRole('button', { name: 'Lock' }).click()
  await expect(lockedHeading(page)).toBeVisible()
  await expect(page.getByLabel('Password')).toHaveCount(0)
  await page.getByRole('button', { name: 'Unlock' }).click()
  await expect(unlockedHeading(page)).toBeVisible()
})

test('a keychain item that could not be removed after adding a password is shown until a retry removes it', async ({
  page,
  harness,
  secretServiceAvailable,
}) => {
  requireSecretService(secretServiceAvailable)
  const formerKeyNotice = page.getByRole('region', { name: 'Former key in the keychain' })
  await createVaultThroughUi(page)
  harness.keychainFaults.removalFails = true
  await openSettings(page)
  const settings = page.getByRole('region', { name: 'Security' })
  await addPassword(page, settings, PASSWORD)

  await expect(formerKeyNotice).toHaveText(
    "The system keychain still holds this vault's former key: removing it failed. Twofold tries again each time you unlock. The old key no longer opens the vault.",
  )
  expect(keychainAccounts(harness.keychainService)).toHaveLength(1)

  // The keychain works again: the next unlock removes the item and the notice goes.
  harness.keychainFaults.removalFails = false
  await lockAndUnlockWith(page, PASSWORD)
  await expect(formerKeyNotice).toHaveCount(0)
  expect(keychainAccounts(harness.keychainService)).toEqual([])
})

test('changing the password of a vault from before key rotation asks once for the recovery key', async ({
  page,
  harness,
}) => {
  const NEW_PASSWORD = 'another long passphrase'
  const recoveryKey = await createVaultThroughUi(page, { password: PASSWORD })
  await makeRecoverySlotPredateRotation(harness.backend, recoveryKey)
  await openSettings(page)
  const settings = page.getByRole('region', { name: 'Security' })

  await changePassword(page, settings, PASSWORD, NEW_PASSWORD)

  const recoveryField = settings.getByLabel('Recovery key')
  await expect(recoveryField).toBeFocused()
  await expect(recoveryField).toHaveAccessibleDescription(
    'This vault was made by an earlier Twofold. To change its password, enter your recovery key too (only this once).',
  )
  await recoveryField.fill('not a recovery key')
  await settings.getByRole('button', { name: 'Change password' }).click()
  await expect(settings.getByRole('alert')).toContainText('That is not a recovery key')
  await expect(recoveryField).toHaveAttribute('aria-invalid', 'true')
  await expect(recoveryField).toHaveAccessibleDescription(/That is not a recovery key/)
  await expect(recoveryField).toBeFocused()
  await expectAccessible(page, 'password change asking for the recovery key')

  await recoveryField.fill(recoveryKey)
  await settings.getByRole('button', { name: 'Change password' }).click()
  await expect(settings.getByRole('status')).toHaveText('Password changed.')

  // The new password opens the vault; the recovery key still does too, and the next change needs it no more.
  await page.getByRole('button', { name: 'Lock' }).click()
  await page.getByRole('button', { name: 'Use recovery key instead' }).click()
  await page.getByLabel('Recovery key').fill(recoveryKey)
  await page.getByRole('button', { name: 'Unlock' }).click()
  await expect(unlockedHeading(page)).toBeVisible()
  await openSettings(page)
  await changePassword(page, settings, NEW_PASSWORD, PASSWORD)
  await expect(settings.getByRole('status')).toHaveText('Password changed.')
  await lockAndUnlockWith(page, PASSWORD)
})

test('after too many wrong passwords the unlock button counts down and stays disabled', async ({ page }) => {
  await createVaultThroughUi(page, { password: PASSWORD })
  await page.getByRole('button', { name: 'Lock' }).click()
  const unlock = page.getByRole('button', { name: /^(Unlock|Try again in \d+ s)$/ })
  for (let attempt = 1; attempt <= 5; attempt++) {
    await page.getByLabel('Password').fill(`wrong guess number ${attempt}`)
    await unlock.click()
    await expect(page.getByRole('alert')).toContainText('That password is wrong.')
  }
  // The refusal's own wait, rounded as shown: a busy machine may show it a second later.
  await expect(page.getByRole('alert')).toContainText(/wait (29|30) s/)
  await expect(unlock).toHaveText(/Try again in (29|30) s/)
  await expect(unlock).toBeDisabled()
  await expect(unlock).toHaveText(/Try again in (2[0-8]) s/, { timeout: 5_000 })
})

/** The same key with one character changed, still well-formed so only the comparison can catch it. */
function misspell(recoveryKey: string): string {
  const first = recoveryKey[0] === 'A' ? 'B' : 'A'
  return first + recoveryKey.slice(1)
}

function base32Decode(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  const bytes: number[] = []
  let value = 0
  let bits = 0
  for (const char of text) {
    value = ((value << 5) | alphabet.indexOf(char)) & 0xffff
    bits += 5
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff)
      bits -= 8
    }
  }
  return Buffer.from(bytes)
}
