import type { Locator } from '@playwright/test'
import { chromiumInstalled, chromiumMissing } from '../harness/system-chromium.ts'
import { expect, test } from '../harness/e2e-fixtures.ts'
import {
  accountGrid,
  accountRow,
  accountRows,
  expectAccessible,
  openSeededManager,
} from '../harness/manager-page.ts'
import { randomBase32Secret, totpAt } from '../harness/reference-totp.ts'
import type { SeedAccount } from '../harness/seed-vault.ts'

test.skip(!chromiumInstalled, chromiumMissing)

/** The DOM stays small however big the vault: a virtualised list renders what is in view. */
const MAX_ROWS_IN_DOM = 100

test('keyboard only: add an account with `n`, then Enter copies its code', async ({ page, harness }) => {
  await openSeededManager(page, harness)
  const secret = randomBase32Secret()
  const dialog = page.getByRole('dialog', { name: 'Add account' })
  const step = async (target: Locator) => {
    await page.keyboard.press('Tab')
    await expect(target).toBeFocused()
  }

  await page.keyboard.press('n')
  await expect(dialog.getByLabel('Platform')).toBeFocused()
  await step(dialog.getByLabel('Handle'))
  await page.keyboard.type('acmebakery')
  await step(dialog.getByLabel('Client'))
  await page.keyboard.type('Acme Bakery')
  await step(dialog.getByRole('checkbox', { name: 'Authenticator app' }))
  await step(dialog.getByRole('checkbox', { name: 'SMS' }))
  await step(dialog.getByRole('checkbox', { name: 'WhatsApp' }))
  await step(dialog.getByRole('checkbox', { name: 'Backup codes' }))
  await step(dialog.getByRole('radio', { name: 'Paste otpauth link' }))
  await page.keyboard.press('ArrowRight')
  await expect(dialog.getByRole('radio', { name: 'Type secret key' })).toBeChecked()
  await step(dialog.getByRole('textbox', { name: 'Secret key' }))
  await page.keyboard.type(secret)
  await page.keyboard.press('Tab') // the Advanced disclosure
  await step(dialog.getByLabel('Code Instagram shows now'))
  await page.keyboard.type(totpAt(secret, Date.now()))
  await page.keyboard.press('Enter')
  await expect(dialog).toHaveCount(0)

  // The new row has focus, so Enter copies its code through main.
  const row = accountRow(page, '@acmebakery')
  await expect(row).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('toast').last()).toHaveText(/Copied/)
  const now = Date.now()
  expect([totpAt(secret, now - 30_000), totpAt(secret, now), totpAt(secret, now + 30_000)]).toContain(
    harness.clipboard.last,
  )

  // `/` jumps to search from the list; Esc closes what `n` opened.
  await page.keyboard.press('/')
  await expect(page.getByRole('searchbox', { name: 'Search accounts' })).toBeFocused()
  await step(page.getByLabel('Filter by flag'))
  await step(page.getByRole('checkbox', { name: /^Select all/ }))
  await step(row)
  await page.keyboard.press('n')
  await expect(dialog).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(dialog).toHaveCount(0)
  await expect(row).toBeFocused()
  await page.keyboard.press('o')
  await expect(page.getByRole('dialog', { name: '@acmebakery' })).toBeVisible()
  await page.keyboard.press('Escape')
  await expectAccessible(page, 'accounts')
})

test('10,000 accounts: the list renders, End reaches the last one, and the DOM holds under 100 rows', async ({
  page,
  harness,
}) => {
  test.setTimeout(180_000)
  const accounts: SeedAccount[] = Array.from({ length: 10_000 }, (_, index) => ({
    platform: index % 3 === 0 ? 'tiktok' : 'instagram',
    handle: `@load-${String(index).padStart(5, '0')}`,
    authenticator: { source: 'manual', secret: randomBase32Secret() },
    ...(index % 10 === 0 ? { sms: `+141555501${String(index % 100).padStart(2, '0')}` } : {}),
  }))
  const started = Date.now()
  await openSeededManager(page, harness, accounts)
  console.log(`seeded and loaded 10,000 accounts in ${Date.now() - started} ms`)

  await expect(page.getByTestId('account-count')).toHaveText('10,000 accounts')
  await expect(accountGrid(page)).toHaveAttribute('aria-rowcount', '10001')
  expect(await accountRows(page).count()).toBeLessThan(MAX_ROWS_IN_DOM)

  await accountRows(page).first().focus()
  await page.keyboard.press('End')
  const last = accountRow(page, '@load-09999')
  await expect(last).toBeFocused()
  await expect(last).toBeInViewport()
  await expect(last.getByTestId('code')).toBeVisible()
  expect(await accountRows(page).count()).toBeLessThan(MAX_ROWS_IN_DOM)

  await page.keyboard.press('PageUp')
  await expect(accountGrid(page).locator('[role="row"]:focus')).toHaveAttribute('aria-rowindex', /^99\d\d$/)
  await page.keyboard.press('Home')
  await expect(accountRow(page, '@load-00000')).toBeFocused()
  await page.keyboard.press('ArrowDown')
  await expect(accountRow(page, '@load-00001')).toBeFocused()

  await page.getByRole('searchbox', { name: 'Search accounts' }).fill('load-04321')
  await expect(accountRows(page)).toHaveCount(1)
  await expect(accountRows(page)).toContainText('@load-04321')
})
