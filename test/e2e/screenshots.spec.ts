import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { seedDemoAgency, SHARED_NUMBER } from '../harness/demo-agency.ts'
import { expect, test } from '../harness/e2e-fixtures.ts'
import { createUnlockedVault } from '../harness/seed-vault.ts'

/**
 * Writes docs/screenshots from a seeded agency vault, so the pictures in the docs are of the window
 * as it is. Each shot waits for what it shows, so a broken screen fails here rather than going out.
 */
test.skip(Boolean(process.env.TWOFOLD_E2E_SKIP), process.env.TWOFOLD_E2E_SKIP ?? '')
test.use({ viewport: { width: 1280, height: 800 } })

const shotsDir = join(process.cwd(), 'docs', 'screenshots')
const shoot = (page: Page, name: string) => page.screenshot({ path: join(shotsDir, `${name}.png`) })

test('screenshots of the main screens', async ({ page, harness }) => {
  await createUnlockedVault(harness.backend)
  seedDemoAgency(harness.backend)
  // An agency that backs up: the 7-day reminder has a picture of its own below.
  harness.backend.backups.backupNow(harness.backend.autoBackup.folder(), 10)
  await page.reload()

  const grid = page.getByRole('grid', { name: 'Accounts' })
  await expect(grid.getByRole('row', { name: /@acmebakery\b/ }).first()).toBeVisible()
  await expect(grid.getByTestId('code').first()).toBeVisible()
  await waitForCodes(page)
  await shoot(page, 'manager')

  await grid.getByRole('row').filter({ hasText: '@nordicoutdoors' }).first().click()
  const detail = page.getByRole('dialog', { name: '@nordicoutdoors' })
  await expect(detail).toBeVisible()
  await shoot(page, 'account-detail')

  await detail.getByRole('button', { name: 'Use next' }).click()
  await expect(page.getByRole('dialog', { name: /Backup code for/ })).toBeVisible()
  await shoot(page, 'backup-codes')
  await page.keyboard.press('Escape')
  await page.keyboard.press('Escape')
  await expect(page.getByRole('dialog')).toHaveCount(0)

  await page
    .getByRole('navigation', { name: 'Sections' })
    .getByRole('button', { name: /^Flags/ })
    .click()
  await expect(page.getByRole('heading', { name: 'Shared phone numbers' })).toBeVisible()
  await expect(page.getByTestId('shared-phone-number').first()).not.toHaveText('•••')
  await shoot(page, 'flags')

  await page.keyboard.press('n')
  const add = page.getByRole('dialog', { name: 'Add account' })
  await add.getByLabel('Handle').fill('acmebakery.shop')
  await add.getByLabel('Client').fill('Acme Bakery')
  await add.getByRole('checkbox', { name: 'Authenticator app' }).uncheck()
  await add.getByRole('checkbox', { name: 'SMS' }).check()
  await add.getByLabel('SMS number').fill(`+1 (415) 555-${SHARED_NUMBER.slice(-4)}`)
  await expect(add.getByText(`Saved as ${SHARED_NUMBER}`)).toBeVisible()
  await add.getByRole('button', { name: 'Save account' }).click()
  await expect(add.getByRole('alert')).toContainText('lets a number protect only one account')
  await shoot(page, 'add-account')
  await page.keyboard.press('Escape')

  await page.emulateMedia({ colorScheme: 'dark' })
  await page
    .getByRole('navigation', { name: 'Sections' })
    .getByRole('button', { name: /^All accounts/ })
    .click()
  await waitForCodes(page)
  await shoot(page, 'manager-dark')
  await page.emulateMedia({ colorScheme: 'light' })

  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Settings' }).click()
  const backups = page.getByRole('region', { name: 'Backups' })
  await expect(backups.getByRole('row')).toHaveCount(2)
  await backups.scrollIntoViewIfNeeded()
  await shoot(page, 'backups-and-export')
})

test('screenshot of the backup reminder', async ({ page, harness }) => {
  await createUnlockedVault(harness.backend)
  seedDemoAgency(harness.backend)
  await page.reload()
  await expect(page.getByRole('region', { name: 'Backup reminder' })).toBeVisible()
  await waitForCodes(page)
  await page.screenshot({
    path: join(shotsDir, 'backup-reminder.png'),
    clip: { x: 0, y: 0, width: 1280, height: 260 },
  })
})

/** No row still waiting for its code, so the picture shows codes rather than placeholders. */
async function waitForCodes(page: Page): Promise<void> {
  await expect(page.getByText('Code loading')).toHaveCount(0)
}
