import type { Page } from '@playwright/test'
import { chromiumInstalled, chromiumMissing } from '../harness/system-chromium.ts'
import { expect, test } from '../harness/e2e-fixtures.ts'
import {
  accountRow,
  accountRows,
  codeIn,
  expectAccessible,
  openSeededManager,
  section,
  toast,
} from '../harness/manager-page.ts'
import { msLeftInStep, randomBase32Secret, totpAt } from '../harness/reference-totp.ts'
import { SEED_PASSWORD } from '../harness/seed-vault.ts'

test.skip(!chromiumInstalled, chromiumMissing)

/**
 * The manager window as a person uses it, against the real core: codes confirmed with an RFC 6238
 * implementation of the test's own, copies checked on the clipboard main writes to.
 */

test('adds an Instagram account from an otpauth link, refusing a code that does not match', async ({
  page,
  harness,
}) => {
  await openSeededManager(page, harness)
  const secret = randomBase32Secret()
  await page.getByRole('button', { name: 'Add account' }).click()
  const dialog = page.getByRole('dialog', { name: 'Add account' })
  await expect(dialog.getByLabel('Platform')).toHaveValue('instagram')
  // Instagram offers all four methods; TikTok has no WhatsApp.
  for (const method of ['Authenticator app', 'SMS', 'WhatsApp', 'Backup codes']) {
    await expect(dialog.getByRole('checkbox', { name: method })).toBeVisible()
  }
  await dialog.getByLabel('Platform').selectOption('tiktok')
  await expect(dialog.getByRole('checkbox', { name: 'WhatsApp' })).toHaveCount(0)
  await dialog.getByLabel('Platform').selectOption('instagram')

  await dialog
    .getByRole('textbox', { name: 'otpauth link' })
    .fill(`otpauth://totp/Instagram:acme.bakery?secret=${secret}&issuer=Instagram`)
  await dialog.getByLabel('Code Instagram shows now').fill(wrongCode(secret))
  await dialog.getByRole('button', { name: 'Save account' }).click()
  await expect(dialog.getByRole('alert')).toContainText('That code does not match this secret')
  expect(harness.backend.queries.list().accounts).toHaveLength(0)

  await dialog.getByLabel('Code Instagram shows now').fill(totpAt(secret, Date.now()))
  await dialog.getByRole('button', { name: 'Save account' }).click()
  await expect(dialog).toHaveCount(0)
  await expect(toast(page)).toContainText('Added acme.bakery')

  const row = accountRow(page, 'acme.bakery')
  await expect(row).toBeVisible()
  await expect(row.getByTestId('code')).toBeVisible()
  expect(codesAround(secret)).toContain(await codeIn(row))
  const [saved] = harness.backend.queries.list().accounts
  expect(saved?.methods.authenticator?.verifiedAt).not.toBeNull()
})

test('adds an account by hand: secret typed, number normalised as typed, code confirmed', async ({
  page,
  harness,
}) => {
  await openSeededManager(page, harness)
  const secret = randomBase32Secret()
  await page.getByRole('button', { name: 'Add account' }).click()
  const dialog = page.getByRole('dialog', { name: 'Add account' })
  await dialog.getByLabel('Handle').fill('nordicoutdoors')
  await dialog.getByLabel('Client').fill('Nordic Outdoors')
  await dialog.getByRole('radio', { name: 'Type secret key' }).check()
  // Grouped in fours and lower case, as services often show it.
  await dialog
    .getByRole('textbox', { name: 'Secret key' })
    .fill(secret.toLowerCase().replace(/(.{4})/g, '$1 '))
  await dialog.getByRole('checkbox', { name: 'SMS' }).check()
  await dialog.getByLabel('SMS number').fill('415 555')
  await expect(dialog.getByText(/needs its country code/)).toBeVisible()
  await dialog.getByLabel('SMS number').fill('+1 (415) 555-0123')
  await expect(dialog.getByText('Saved as +14155550123 (US)')).toBeVisible()

  await dialog.getByLabel('Code Instagram shows now').fill(wrongCode(secret))
  await dialog.getByRole('button', { name: 'Save account' }).click()
  await expect(dialog.getByRole('alert')).toContainText('That code does not match this secret')

  await dialog.getByLabel('Code Instagram shows now').fill(totpAt(secret, Date.now()))
  await dialog.getByRole('button', { name: 'Save account' }).click()
  await expect(dialog).toHaveCount(0)
  const row = accountRow(page, '@nordicoutdoors')
  await expect(row).toContainText('Nordic Outdoors')
  await expect(row.getByRole('list', { name: '2FA methods' })).toHaveText(/App.*SMS/)
  expect(codesAround(secret)).toContain(await codeIn(row))
  await expect(section(page, /^Nordic Outdoors/)).toBeVisible()
})

test('a number already used by another Instagram account is warned about before saving, then flagged once naming both', async ({
  page,
  harness,
}) => {
  await openSeededManager(page, harness, [
    {
      platform: 'instagram',
      handle: '@acmebakery',
      clientName: 'Acme Bakery',
      authenticator: { source: 'manual', secret: randomBase32Secret() },
      sms: '+14155550142',
    },
  ])
  await page.keyboard.press('n')
  const dialog = page.getByRole('dialog', { name: 'Add account' })
  await dialog.getByLabel('Handle').fill('@acmebakery.events')
  await dialog.getByLabel('Client').fill('Acme Bakery')
  await dialog.getByRole('checkbox', { name: 'Authenticator app' }).uncheck()
  await dialog.getByRole('checkbox', { name: 'SMS' }).check()
  await dialog.getByLabel('SMS number').fill('+1 415 555 0142')
  await dialog.getByRole('button', { name: 'Save account' }).click()

  // Warned before, not after: nothing is saved until the second, explicit step.
  await expect(dialog.getByRole('alert')).toContainText('lets a number protect only one account')
  expect(harness.backend.queries.list().accounts).toHaveLength(1)
  await dialog.getByRole('button', { name: 'Save anyway' }).click()
  await expect(dialog).toHaveCount(0)
  expect(harness.backend.queries.list().accounts).toHaveLength(2)

  await section(page, /^Flags/).click()
  await expect(page.getByTestId('flag-count-shared-phone')).toHaveText('2')
  const shared = page
    .getByRole('region', { name: 'Shared phone numbers' })
    .getByRole('listitem', { name: /^Shared number/ })
  await expect(shared).toHaveCount(1)
  await expect(shared.getByTestId('shared-phone-number')).toHaveText('+1 ••• ••• 0142')
  await expect(shared.getByRole('button')).toHaveText([/@acmebakery\s*Acme Bakery/, /@acmebakery\.events/])
  await expectAccessible(page, 'flags')

  // The account opens from the flag.
  await shared.getByRole('button', { name: /@acmebakery\.events/ }).click()
  const detail = page.getByRole('dialog', { name: '@acmebakery.events' })
  await expect(detail.getByTestId('phone-number')).toHaveText('+1 ••• ••• 0142')
  await detail.getByRole('button', { name: 'Show SMS number' }).click()
  await expect(detail.getByTestId('phone-number')).toHaveText('+14155550142')
  await page.keyboard.press('Escape')

  // The client's report downloads as CSV: handles and flags, no secrets.
  const download = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Export CSV for Acme Bakery' }).click()
  const file = await download
  expect(file.suggestedFilename()).toMatch(/acme.*\.csv$/i)
  const csv = await streamText(await file.createReadStream())
  expect(csv).toContain('@acmebakery.events')
  expect(csv).not.toContain('+14155550142')
})

test('backup codes: saved, the next one used, the count drops and the audit log shows it', async ({
  page,
  harness,
}) => {
  const [harbour] = await openSeededManager(page, harness, [
    {
      platform: 'instagram',
      handle: '@harbourcoffee',
      authenticator: { source: 'manual', secret: randomBase32Secret() },
    },
  ])
  await accountRow(page, '@harbourcoffee').click()
  const detail = page.getByRole('dialog', { name: '@harbourcoffee' })
  await detail.getByRole('button', { name: 'Add backup codes' }).click()
  await detail
    .getByRole('textbox', { name: 'Backup codes' })
    .fill('1. 1234 5678\n2. 2345 6789\n3. 3456 7890   4. 4567 8901\n5) 5678-9012')
  await detail.getByRole('button', { name: 'Save codes' }).click()
  await expect(detail.getByTestId('backup-remaining')).toHaveText('5 of 5 left')

  await detail.getByRole('button', { name: 'Use next' }).click()
  const used = page.getByRole('dialog', { name: 'Backup code for @harbourcoffee' })
  await expect(used.getByTestId('revealed-code')).toHaveText('12345678')
  await expect(used).toContainText('4 unused codes left')
  await expectAccessible(page, 'used backup code')
  // Copy goes through main, whose clipboard clears copied codes after 30 s and on lock.
  await used.getByRole('button', { name: 'Copy' }).click()
  await expect(used.getByText('Copied.')).toBeVisible()
  expect(harness.clipboard.texts).toEqual(['12345678'])
  await used.getByRole('button', { name: 'Done' }).click()
  await expect(detail.getByTestId('backup-remaining')).toHaveText('4 of 5 left')

  // Taken by mistake: Undo puts it back while the dialog offers it.
  await detail.getByRole('button', { name: 'Use next' }).click()
  await expect(used.getByTestId('revealed-code')).toHaveText('23456789')
  await used.getByRole('button', { name: /^Undo/ }).click()
  await expect(used).toHaveCount(0)
  await expect(detail.getByTestId('backup-remaining')).toHaveText('4 of 5 left')
  // Only that last use could be put back: asked again, main refuses and the first code stays used.
  const again = await harness.backend.dispatch('backup-codes:undo-use', { accountId: harbour?.id })
  expect(again.ok ? 'undone' : again.error.code).toBe('undo-unavailable')

  // Reveal all asks for the vault password again, and shows the set with the used code marked.
  await detail.getByRole('button', { name: 'Reveal all' }).click()
  const reveal = page.getByRole('dialog', { name: 'All backup codes for @harbourcoffee' })
  await reveal.getByLabel('Vault password').fill('not the password at all')
  await reveal.getByRole('button', { name: 'Reveal codes' }).click()
  await expect(reveal.getByRole('alert')).toContainText('wrong')
  // The right password, but "no" in main's own dialog: nothing reaches the window.
  harness.desktop.confirmAnswer = false
  await reveal.getByLabel('Vault password').fill(SEED_PASSWORD)
  await reveal.getByRole('button', { name: 'Reveal codes' }).click()
  await expect(reveal.getByRole('alert')).toContainText('Cancelled: nothing was shown or saved.')
  expect(harness.desktop.shown.at(-1)?.detail).toBe('Show all 5 backup codes of @harbourcoffee (Instagram)?')
  harness.desktop.confirmAnswer = true
  await reveal.getByLabel('Vault password').fill(SEED_PASSWORD)
  await reveal.getByRole('button', { name: 'Reveal codes' }).click()
  const list = reveal.getByRole('list', { name: 'Backup codes' }).getByRole('listitem')
  await expect(list).toHaveCount(5)
  await expect(list.first()).toContainText(/12345678.*Used/)
  await expect(list.nth(1)).toContainText(/23456789.*Unused/)
  // A revealed code is copied by main too, never by the page.
  await reveal.getByRole('button', { name: 'Copy code 2' }).click()
  await expect(reveal.getByText('Copied code 2.')).toBeVisible()
  expect(harness.clipboard.texts).toEqual(['12345678', '23456789'])
  await expectAccessible(page, 'revealed backup codes')
  await reveal.getByRole('button', { name: 'Done' }).click()
  await expect(page.getByText('23456789')).toHaveCount(0)

  await detail.getByRole('button', { name: 'History' }).click()
  await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible()
  await page.getByLabel('Action').selectOption({ label: 'Backup code used' })
  // Newest first: the undo, then the two uses; history keeps the use that was undone.
  const rows = page.getByRole('table').getByRole('row')
  await expect(rows).toHaveCount(4)
  await expect(rows.nth(1)).toContainText(/Backup code used\s*@harbourcoffee.*code 2 put back/)
  await expect(rows.nth(3)).toContainText(/Backup code used\s*@harbourcoffee.*code 1$/)
  await expectAccessible(page, 'audit log')

  await section(page, /^All accounts/).click()
  await expect(accountRow(page, '@harbourcoffee')).toContainText('Backup codes 4 of 5 left')
})

test('copying a code: click or Enter puts it on the clipboard; with under 5 s left, the next one, and the toast says so', async ({
  page,
  harness,
}) => {
  const secret = randomBase32Secret()
  await page.clock.install()
  await openSeededManager(page, harness, [
    { platform: 'tiktok', handle: '@acmebakes', authenticator: { source: 'manual', secret } },
  ])
  const row = accountRow(page, '@acmebakes')
  await expect(row.getByTestId('code')).toBeVisible()
  await moveClocksToSecondsBeforeStepEnd(page, harness, 20)
  await row.getByTestId('code').click()
  await expect(toast(page).last()).toHaveText(/Copied the code for @acmebakes/)
  expect(codesAround(secret, harness.clock.offsetMs)).toContain(harness.clipboard.last)

  await moveClocksToSecondsBeforeStepEnd(page, harness, 4)
  const copiedAt = Date.now() + harness.clock.offsetMs
  await row.focus()
  await page.keyboard.press('Enter')
  await expect(toast(page).last()).toHaveText(/Copied the next code — the current one expires in [1-4] s/)
  expect(harness.clipboard.last).toBe(totpAt(secret, copiedAt + 30_000))
})

test('search narrows the list as you type, over handle, client, tag and phone; the flag filter too', async ({
  page,
  harness,
}) => {
  const { demoAgencyAccounts } = await import('../harness/demo-agency.ts')
  await openSeededManager(page, harness, demoAgencyAccounts())
  const total = await accountRows(page).count()
  expect(total).toBeGreaterThan(10)
  const search = page.getByRole('searchbox', { name: 'Search accounts' })

  await page.keyboard.press('/')
  await expect(search).toBeFocused()
  await page.keyboard.type('nordic')
  await expect(accountRows(page)).toHaveCount(4)
  await search.fill('nordic tiktok')
  await expect(accountRows(page)).toHaveCount(1)
  await expect(accountRows(page)).toContainText('@nordic.trails')
  await search.fill('launch')
  await expect(accountRows(page)).toHaveCount(1)
  await expect(accountRows(page)).toContainText('@acmebakes')
  await search.fill('415 555 0142')
  await expect(accountRows(page)).toHaveCount(2)
  await search.fill('no such account')
  await expect(accountRows(page)).toHaveCount(0)
  await expect(page.getByText('No accounts match')).toBeVisible()
  await search.press('Escape')
  await expect(accountRows(page)).toHaveCount(total)

  await page.getByLabel('Filter by flag').selectOption('sms-only')
  await expect(accountRows(page)).toHaveCount(2)
  await section(page, /^Lumen Studio/).click()
  await expect(accountRows(page)).toHaveCount(1)
  await expect(accountRows(page)).toContainText('@lumen.studio')
})

test('select rows with Shift-click, assign a client in one step, delete with Undo, restore from Trash', async ({
  page,
  harness,
}) => {
  const app = () => ({ source: 'manual' as const, secret: randomBase32Secret() })
  await openSeededManager(
    page,
    harness,
    ['@one', '@two', '@three', '@four'].map((handle) => ({
      platform: 'instagram' as const,
      handle,
      authenticator: app(),
    })),
  )
  const rows = accountRows(page)
  await rows.nth(0).getByRole('checkbox').click()
  await rows
    .nth(2)
    .getByRole('checkbox')
    .click({ modifiers: ['Shift'] })
  const bulk = page.getByRole('region', { name: 'Selected accounts' })
  await expect(bulk).toContainText('3 selected')
  await bulk.getByRole('button', { name: 'Assign client' }).click()
  await bulk.getByLabel('Client').fill('Lumen Studio')
  await bulk.getByRole('button', { name: 'Assign' }).click()
  await expect(toast(page).last()).toHaveText(/Assigned 3 accounts to Lumen Studio/)
  await expect(section(page, /^Lumen Studio/)).toContainText('3')

  await rows.first().focus()
  await page.keyboard.press('ControlOrMeta+a')
  await expect(bulk).toContainText('4 selected')
  await bulk.getByRole('button', { name: 'Delete' }).click()
  await expect(rows).toHaveCount(0)
  await toast(page).last().getByRole('button', { name: 'Undo' }).click()
  await expect(rows).toHaveCount(4)

  await accountRow(page, '@two').click()
  await page.getByRole('dialog', { name: '@two' }).getByRole('button', { name: 'Delete' }).click()
  await expect(rows).toHaveCount(3)
  await section(page, 'Trash').click()
  await expectAccessible(page, 'trash')
  await page.getByRole('button', { name: 'Restore @two' }).click()
  await expect(page.getByText('The trash is empty.')).toBeVisible()
  await section(page, /^All accounts/).click()
  await expect(rows).toHaveCount(4)
})

test('edits an account: handle, tags, notes and a phone number', async ({ page, harness }) => {
  await openSeededManager(page, harness, [
    {
      platform: 'instagram',
      handle: '@oldname',
      authenticator: { source: 'manual', secret: randomBase32Secret() },
    },
  ])
  await accountRow(page, '@oldname').click()
  let detail = page.getByRole('dialog', { name: '@oldname' })
  await detail.getByRole('button', { name: 'Edit' }).click()
  await detail.getByLabel('Handle').fill('@newname')
  await detail.getByLabel('Tags').fill('launch, paid')
  await detail.getByLabel('Notes').fill('Owner: Dana')
  await detail.getByLabel('SMS number').fill('+1 212 555 0199')
  await detail.getByRole('button', { name: 'Save changes' }).click()
  detail = page.getByRole('dialog', { name: '@newname' })
  await expect(detail.getByText('Owner: Dana')).toBeVisible()
  await expect(detail.getByRole('listitem').filter({ hasText: /^launch$/ })).toBeVisible()
  await expect(detail.getByTestId('phone-number')).toHaveText('+1 ••• ••• 0199')
  await expectAccessible(page, 'account detail')
})

test('settings: default phone region, backup threshold and theme', async ({ page, harness }) => {
  await openSeededManager(page, harness)
  await section(page, 'Settings').click()
  const general = page.getByRole('form', { name: 'General settings' })
  await general.getByLabel('Default phone region').fill('gb')
  await general.getByRole('radio', { name: 'Dark' }).check()
  await general.getByRole('button', { name: 'Save settings' }).click()
  await expect(general.getByRole('status')).toHaveText('Settings saved.')
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  expect(harness.backend.settings.read()).toMatchObject({ defaultPhoneRegion: 'GB', theme: 'dark' })
  await expectAccessible(page, 'settings (dark)')

  // A number typed without a country code is now read as British.
  await page.keyboard.press('n')
  const dialog = page.getByRole('dialog', { name: 'Add account' })
  await dialog.getByRole('checkbox', { name: 'SMS' }).check()
  await dialog.getByLabel('SMS number').fill('020 7946 0018')
  await expect(dialog.getByText('Saved as +442079460018 (GB)')).toBeVisible()
  await expectAccessible(page, 'add account')
  await page.keyboard.press('Escape')

  await general.getByRole('radio', { name: 'Same as the system' }).check()
  await general.getByRole('button', { name: 'Save settings' }).click()
  await expect(page.locator('html')).not.toHaveAttribute('data-theme', /./)
})

/** Six digits that match no code of this secret within a minute either way. */
function wrongCode(secret: string): string {
  const near = new Set(codesAround(secret, 0, 2))
  for (let candidate = 0; ; candidate++) {
    const code = String(candidate * 7 + 100_003).slice(-6)
    if (!near.has(code)) return code
  }
}

/** The codes of this secret from `steps` periods before to `steps` after now (core time). */
function codesAround(secret: string, offsetMs = 0, steps = 1): string[] {
  const now = Date.now() + offsetMs
  return Array.from({ length: steps * 2 + 1 }, (_, index) => totpAt(secret, now + (index - steps) * 30_000))
}

/**
 * Moves the core's clock and the page's together, so that `seconds` remain of the current period.
 * The page's clock (installed before it loaded) keeps running; only its origin jumps.
 */
async function moveClocksToSecondsBeforeStepEnd(
  page: Page,
  harness: { clock: { offsetMs: number } },
  seconds: number,
): Promise<void> {
  const now = Date.now()
  const shift = msLeftInStep(now) - seconds * 1000
  harness.clock.offsetMs = shift
  await page.clock.setSystemTime(now + shift)
}

async function streamText(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer))
  return Buffer.concat(chunks).toString('utf8')
}
