import { join } from 'node:path'
import { chromiumInstalled, chromiumMissing } from '../harness/system-chromium.ts'
import type { Page } from '@playwright/test'
import { seedDemoAgency, SHARED_NUMBER } from '../harness/demo-agency.ts'
import { expect, test } from '../harness/e2e-fixtures.ts'
import { randomBase32Secret } from '../harness/reference-totp.ts'
import { screenshotsFolder } from '../harness/screenshots-folder.ts'
import { createUnlockedVault } from '../harness/seed-vault.ts'

test.skip(!chromiumInstalled, chromiumMissing)

/**
 * Screenshots from a seeded agency vault, so the pictures in the docs are of the window as it is.
 * Each shot waits for what it shows, so a broken screen fails here rather than going out. They are
 * written to test-results/screenshots, or to docs/screenshots with TWOFOLD_SCREENSHOTS=docs/screenshots.
 */
test.use({ viewport: { width: 1280, height: 800 } })

const shotsDir = screenshotsFolder()
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

  // An agency's spreadsheet moving in: new accounts, one already in the vault, one unreadable row.
  await page.getByRole('button', { name: 'Import', exact: true }).click()
  const wizard = page.getByRole('dialog', { name: 'Import accounts' })
  await wizard.getByRole('radio', { name: 'Pasted text' }).check()
  await wizard
    .getByLabel('Exported text')
    .fill(
      [
        'platform,handle,client,sms phone,whatsapp phone,notes,otpauth uri',
        `instagram,@harbour.events,Harbour Coffee Co.,,,,otpauth://totp/Instagram:harbour.events?secret=${randomBase32Secret()}&issuer=Instagram`,
        `tiktok,@lumen.clips,Lumen Studio,+44 7911 123457,,,otpauth://totp/TikTok:lumen.clips?secret=${randomBase32Secret()}&issuer=TikTok`,
        'facebook,Nordic Outdoors Page,Nordic Outdoors,+1 415 555 0199,,,',
        `instagram,@acmebakery,Acme Bakery,,,,otpauth://totp/Instagram:acmebakery?secret=${randomBase32Secret()}&issuer=Instagram`,
        'x,@lumen_x,Lumen Studio,12,,,',
      ].join('\n'),
    )
  await wizard.getByRole('button', { name: 'Preview' }).click()
  await expect(wizard.getByRole('button', { name: /^Import \d+ accounts?$/ })).toBeVisible()
  await shoot(page, 'import-preview')
  await page.keyboard.press('Escape')
  await expect(wizard).toHaveCount(0)

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
