import { expect } from '@playwright/test'
import { chromiumInstalled, chromiumMissing } from '../harness/system-chromium.ts'
import { test, type VaultHarness } from '../harness/e2e-fixtures.ts'
import { expectAccessible } from '../harness/axe-check.ts'
import { msLeftInStep, randomBase32Secret, totpAt } from '../harness/reference-totp.ts'

test.skip(!chromiumInstalled, chromiumMissing)

/**
 * The tray's quick-code popup, in Chromium against the real core: type to find, arrows to move,
 * Enter copies the code and asks main to hide the popup, Esc hides it. The harness records the
 * clipboard and the hide requests, as main would act on them.
 */
async function vaultWithAccounts(harness: VaultHarness) {
  const { creationId, recoveryKey } = await harness.backend.vault.prepareCreate()
  await harness.backend.vault.create({
    creationId,
    recoveryKeyConfirmation: recoveryKey,
    password: 'popup vault password',
  })
  const secrets = {
    bakery: randomBase32Secret(),
    outdoors: randomBase32Secret(),
    studio: randomBase32Secret(),
  }
  const add = (handle: string, secret: string, clientName: string) =>
    harness.backend.editing.add({
      platform: 'instagram',
      handle,
      clientName,
      authenticator: {
        source: 'uri',
        uri: `otpauth://totp/Instagram:${handle}?secret=${secret}&issuer=Instagram`,
      },
    }).account
  const bakery = add('acme.bakery', secrets.bakery, 'Acme Bakery')
  const outdoors = add('nordic.outdoors', secrets.outdoors, 'Nordic Outdoors')
  add('lumen.studio', secrets.studio, 'Lumen Studio')
  const backupOnly = harness.backend.editing.add({
    platform: 'tiktok',
    handle: 'harbour.coffee',
    sms: '+14155550123',
  }).account
  harness.backend.backupCodes.setBackupCodes(backupOnly.id, '1111 2222\n3333 4444')
  return { secrets, bakery, outdoors }
}

test('search, arrows and Enter copy the right code and hide the popup', async ({ page, harness }) => {
  const { secrets } = await vaultWithAccounts(harness)
  await page.goto(harness.popupUrl)
  const search = page.getByRole('searchbox', { name: 'Find an account' })
  await expect(search).toBeFocused()
  await expect(page.getByRole('option')).toHaveCount(4)

  await search.fill('nordic')
  await expect(page.getByRole('option')).toHaveCount(1)
  await search.fill('instagram')
  await expect(page.getByRole('option')).toHaveCount(3)
  await search.press('ArrowDown')
  await expect(page.getByRole('option', { selected: true })).toContainText('lumen.studio')
  await search.press('ArrowUp')
  const selected = page.getByRole('option', { selected: true })
  await expect(selected).toContainText('acme.bakery')

  // Far enough from the end of the period that the copied code is the current one.
  await expect.poll(() => msLeftInStep(Date.now()), { timeout: 30_000 }).toBeGreaterThan(8_000)
  await search.press('Enter')
  await expect.poll(() => harness.clipboard.texts.length).toBe(1)
  expect(harness.clipboard.last).toBe(totpAt(secrets.bakery, Date.now()))
  await expect.poll(() => harness.hideRequests()).toBe(1)
})

test('Enter pressed before the answer for what was typed copies that account, not the row shown before', async ({
  page,
  harness,
}) => {
  const { secrets } = await vaultWithAccounts(harness)
  // Main's answer for "nordic" is held back, as on a busy machine: the list still shows the rows for
  // the empty search, with acme.bakery selected.
  let release: () => void = () => {}
  const held = new Promise<void>((resolve) => (release = resolve))
  await page.route('**/__ipc/accounts%3Aquick-search', async (route) => {
    if ((route.request().postDataJSON() as { query?: string }).query === 'nordic') await held
    await route.continue()
  })
  await page.goto(harness.popupUrl)
  const search = page.getByRole('searchbox', { name: 'Find an account' })
  await expect(page.getByRole('option', { selected: true })).toContainText('acme.bakery')

  await expect.poll(() => msLeftInStep(Date.now()), { timeout: 30_000 }).toBeGreaterThan(8_000)
  await search.fill('nordic')
  await search.press('Enter')
  await expect(page.getByRole('option', { selected: true })).toContainText('acme.bakery')
  expect(harness.clipboard.texts).toEqual([])

  release()
  await expect.poll(() => harness.clipboard.texts.length).toBe(1)
  expect(harness.clipboard.last).toBe(totpAt(secrets.outdoors, Date.now()))
  await expect.poll(() => harness.hideRequests()).toBe(1)
})

test('the account copied last comes first next time', async ({ page, harness }) => {
  const { outdoors } = await vaultWithAccounts(harness)
  await harness.backend.codes.copyCode(outdoors.id)
  await page.goto(harness.popupUrl)
  await expect(page.getByRole('option').first()).toContainText('nordic.outdoors')
})

test('Esc hides the popup, and showing it again clears the search', async ({ page, harness }) => {
  await vaultWithAccounts(harness)
  await page.goto(harness.popupUrl)
  const search = page.getByRole('searchbox', { name: 'Find an account' })
  await search.fill('lumen')
  await search.press('Escape')
  await expect.poll(() => harness.hideRequests()).toBe(1)
  await expect.poll(() => harness.eventStreamCount()).toBeGreaterThan(0)
  harness.showPopup()
  await expect(search).toHaveValue('')
  await expect(page.getByRole('option')).toHaveCount(4)
})

test('a backup-code-only account offers its next backup code, copied without being shown', async ({
  page,
  harness,
}) => {
  await vaultWithAccounts(harness)
  await page.goto(harness.popupUrl)
  const search = page.getByRole('searchbox', { name: 'Find an account' })
  await search.fill('harbour')
  // Main answers each search; until the answer for "harbour" is in, the rows before it stay listed.
  await expect(page.getByRole('option')).toHaveCount(1)
  await expect(page.getByRole('option')).toContainText('Use next backup code (2 left)')
  await search.press('Enter')
  await expect.poll(() => harness.clipboard.last).toBe('11112222')
  await expect(page.getByText('11112222')).toHaveCount(0)
})

test('when locked, the popup asks for the password and then shows codes', async ({ page, harness }) => {
  await vaultWithAccounts(harness)
  await harness.backend.vault.lock()
  await page.goto(harness.popupUrl)
  await expect(page.getByText('Twofold is locked')).toBeVisible()
  await page.getByLabel('Vault password').fill('not the password')
  await page.getByRole('button', { name: 'Unlock' }).click()
  await expect(page.getByRole('alert')).toContainText('That password is wrong.')
  await page.getByLabel('Vault password').fill('popup vault password')
  await page.getByRole('button', { name: 'Unlock' }).click()
  await expect(page.getByRole('option')).toHaveCount(4)
  await expect(page.getByTestId('quick-code').first()).toHaveText(/^\d{6}$/)
})

test('the popup has no serious accessibility problems, locked or not', async ({ page, harness }) => {
  await vaultWithAccounts(harness)
  await page.goto(harness.popupUrl)
  await expect(page.getByRole('option')).toHaveCount(4)
  await expectAccessible(page, 'quick popup')
  await harness.backend.vault.lock()
  await expect(page.getByText('Twofold is locked')).toBeVisible()
  await expectAccessible(page, 'quick popup, locked')
})
