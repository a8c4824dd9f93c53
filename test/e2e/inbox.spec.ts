import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { expect, requireTeamServer, startVaultHarness, test } from '../harness/e2e-fixtures.ts'
import { accountRow, expectAccessible, openSeededManager, section, toast } from '../harness/manager-page.ts'
import { randomBase32Secret } from '../harness/reference-totp.ts'
import { screenshotsFolder } from '../harness/screenshots-folder.ts'
import { SEED_PASSWORD } from '../harness/seed-vault.ts'
import { formTeamThroughCores } from '../harness/team-through-cores.ts'
import { chromiumInstalled, chromiumMissing } from '../harness/system-chromium.ts'

test.skip(!chromiumInstalled, chromiumMissing)

// The code inbox in the windows, with a real twofold-server on a real PostgreSQL: Ana (the owner)
// sets up one client's inbox from its page (the dialog: numbers, retention, what the server reads,
// then the webhook URLs, the json one's token never in the page) and another's through her core; a
// forwarder app posts SMS codes to the URL she copied, and Ben — who holds only one of the clients —
// sees its codes on the right rows (in the CODE column of an account with no app code), in the Inbox
// view and first in the quick popup, copies one, reads a message's text on request, is told when a
// number is shared by several accounts, and sees nothing of the client he does not hold.

test.use({ viewport: { width: 1280, height: 800 } })
const shoot = (page: Page, name: string) =>
  page.screenshot({ path: join(screenshotsFolder(), `${name}.png`) })

const BAKERY_NUMBER = '+447911123456'
const SHARED_NUMBER = '+447400654321'
const LUMEN_NUMBER = '+447911222333'

async function postJson(url: string, message: Record<string, string>): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(message),
  })
  expect(response.status, await response.clone().text()).toBeLessThan(300)
}

test('codes sent to a client’s numbers reach the member who holds it, and nobody else', async ({
  page,
  harness,
  browser,
  teamServer,
}) => {
  test.setTimeout(180_000)
  const team = requireTeamServer(teamServer)
  const app = () => ({ source: 'manual' as const, secret: randomBase32Secret() })
  await openSeededManager(page, harness, [
    { platform: 'instagram', handle: '@acme.bakery', clientName: 'Acme Bakery', sms: BAKERY_NUMBER },
    {
      platform: 'instagram',
      handle: '@acme.events',
      clientName: 'Acme Bakery',
      sms: SHARED_NUMBER,
      authenticator: app(),
    },
    {
      platform: 'instagram',
      handle: '@acme.promo',
      clientName: 'Acme Bakery',
      sms: SHARED_NUMBER,
      authenticator: app(),
    },
    {
      platform: 'instagram',
      handle: '@lumen.studio',
      clientName: 'Lumen',
      sms: LUMEN_NUMBER,
      authenticator: app(),
    },
  ])
  harness.backend.backups.backupNow(harness.backend.autoBackup.folder(), 10)
  const colleague = await startVaultHarness()
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  try {
    await formTeamThroughCores(team, harness.backend, colleague.backend, {
      shared: ['Acme Bakery', 'Lumen'],
      granted: ['Acme Bakery'],
    })
    colleague.backend.backups.backupNow(colleague.backend.autoBackup.folder(), 10)

    // Ana sets up Acme Bakery's inbox from its page: first what will be registered.
    await page.reload()
    await section(page, /^Acme Bakery/).click()
    await page.getByTestId('client-sharing').getByRole('button', { name: 'Set up code inbox…' }).click()
    const setup = page.getByRole('dialog', { name: 'Code inbox for Acme Bakery' })
    const numbers = setup.getByRole('list', { name: 'Numbers to register' }).getByRole('listitem')
    await expect(numbers).toHaveCount(2)
    await expect(numbers.filter({ hasText: '+44 ••• ••• 3456' })).toContainText('@acme.bakery')
    await expect(numbers.filter({ hasText: '+44 ••• ••• 4321' })).toContainText('@acme.events, @acme.promo')
    await expect(setup).not.toContainText('7911123456')
    await expect(setup.getByLabel('Keep messages for (hours)')).toHaveValue('24')
    await expect(setup.getByTestId('inbox-setup-trust')).toContainText('stores the sealed copy')
    await expectAccessible(page, 'inbox set-up dialog')
    await shoot(page, 'inbox-setup')
    await setup.getByRole('button', { name: 'Set up inbox' }).click()
    // Then each provider's URL: the json one shown masked, the whole one copied from main.
    await expect(setup.getByRole('status')).toContainText(
      '2 numbers of Acme Bakery registered; messages are kept 24 h.',
    )
    const hooks = setup.getByRole('list', { name: 'Webhook URLs' }).getByRole('listitem')
    const jsonHook = hooks.filter({ hasText: 'JSON (forwarder apps)' })
    await expect(jsonHook).toContainText('/json/••••••••••••')
    await jsonHook.getByRole('button', { name: 'Copy the JSON (forwarder apps) webhook URL' }).click()
    await expect(toast(page).last()).toContainText('Copied the JSON (forwarder apps) webhook URL')
    const bakeryUrl = harness.clipboard.last ?? ''
    const token = /\/json\/([^/]+)$/.exec(bakeryUrl)?.[1] ?? ''
    expect(token.length).toBeGreaterThan(16)
    // Nowhere in the page: not its text, not an attribute.
    expect(await page.content()).not.toContain(token)
    await expectAccessible(page, 'inbox set-up dialog, webhook URLs')
    await shoot(page, 'inbox-setup-webhooks')
    await setup.getByRole('button', { name: 'Done' }).click()
    await expect(setup).toHaveCount(0)
    const lumen = await harness.backend.team.enableInbox('Lumen')
    const webhook = (enabled: typeof lumen) => {
      const json = enabled.webhooks.find((each) => each.provider === 'json')
      if (!json) throw new Error('the server offered no JSON webhook')
      return json.url
    }

    // Ben's window is open before the codes arrive: they must come to it, nobody reloading.
    const member = await context.newPage()
    await member.goto(colleague.url)
    await expect(accountRow(member, '@acme.bakery')).toBeVisible()
    await section(member, 'Inbox').click()
    await expect(member.getByRole('heading', { name: 'Inbox', level: 1 })).toBeVisible()
    await expect(member.getByText('No codes yet.')).toBeVisible()
    await expect(member.getByText('twofold team inbox enable CLIENT')).toBeVisible()
    await expectAccessible(member, 'inbox, empty')
    // Only admins are offered the set-up.
    await section(member, /^Acme Bakery/).click()
    await expect(member.getByTestId('client-sharing')).toContainText('Shared with')
    await expect(member.getByRole('button', { name: 'Set up code inbox…' })).toHaveCount(0)
    await section(member, 'All accounts').click()

    await postJson(bakeryUrl, {
      id: 'sms-1',
      from: '32665',
      to: BAKERY_NUMBER,
      text: '123456 is your Instagram code. Don’t share it.',
    })
    await postJson(webhook(lumen), {
      id: 'sms-2',
      from: '32665',
      to: LUMEN_NUMBER,
      text: '777888 is your Instagram code. Don’t share it.',
    })

    // The right row shows the code in its CODE column (this account has no app code, so the inbox
    // code is its row's code), with the channel and how long ago it came; Enter copies it.
    const row = accountRow(member, '@acme.bakery')
    const rowCode = row.getByRole('gridcell').last().getByTestId('inbox-code')
    await expect(rowCode.locator('.code-digits')).toHaveText('123 456', { timeout: 30_000 })
    await expect(rowCode).toContainText('SMS')
    await expect(rowCode).toContainText(/\d+ s ago/)
    await expect(row).not.toContainText('No app code')
    await expect(row.locator('.account-names').getByTestId('inbox-code')).toHaveCount(0)
    // The row keeps its height, and the code is on one line, as large as an app code.
    expect((await row.boundingBox())?.height).toBe(60)
    const appDigits = accountRow(member, '@acme.events').getByTestId('code').locator('.code-digits')
    const digitBox = await rowCode.locator('.code-digits').boundingBox()
    const appDigitBox = await appDigits.boundingBox()
    expect(digitBox?.height).toBe(appDigitBox?.height)
    expect(digitBox?.width).toBeCloseTo(appDigitBox?.width ?? 0, 0)
    await expect(accountRow(member, '@acme.events').getByTestId('inbox-code')).toHaveCount(0)
    await expect(section(member, /^Inbox/)).toContainText('1')
    await expectAccessible(member, 'accounts with an inbox code')
    await shoot(member, 'inbox-account-row')
    await row.focus()
    await member.keyboard.press('Enter')
    await expect(toast(member)).toContainText('Copied the SMS code for @acme.bakery')
    expect(colleague.clipboard.last).toBe('123456')

    // A number two Instagram accounts share: Twofold says it cannot tell whose code it is.
    await postJson(bakeryUrl, {
      id: 'sms-3',
      from: '32665',
      to: SHARED_NUMBER,
      text: 'Use 654 321 to confirm your Instagram account.',
    })
    // What main does when a new-code notification is clicked: the manager shows its Inbox view.
    colleague.backend.inboxOpened()
    await expect(member.getByRole('heading', { name: 'Inbox', level: 1 })).toBeVisible()
    await expect(section(member, /^Inbox/)).toHaveAttribute('aria-current', 'page')
    const acme = member.getByRole('region', { name: 'Acme Bakery' })
    const shared = acme.getByRole('listitem').filter({ hasText: 'SMS code 654 321' })
    await expect(shared).toContainText('shared by 2 accounts — can’t tell which', { timeout: 30_000 })
    await expect(shared).toContainText('@acme.events')
    // The sidebar counts every fresh code, the shared number's too.
    await expect(section(member, /^Inbox/)).toContainText('2')
    const single = acme.getByRole('listitem').filter({ hasText: 'SMS code 123 456' })
    await expect(single).toContainText('for @acme.bakery')
    await expect(single).toContainText('from 32665')
    // Newest first.
    await expect(acme.getByRole('listitem').first()).toContainText('654 321')

    // The full text only on request; copying from the view goes through main like an app code.
    await expect(single.getByText('Don’t share it')).toHaveCount(0)
    await single.getByRole('button', { name: 'Show full text' }).click()
    await expect(single.locator('blockquote')).toHaveText('123456 is your Instagram code. Don’t share it.')
    await expect(single.getByRole('button', { name: 'Hide full text' })).toHaveAttribute(
      'aria-expanded',
      'true',
    )
    await shared.getByRole('button', { name: /^Copy code for/ }).click()
    await expect(toast(member).last()).toContainText('Copied the SMS code for +44 ••• ••• 4321')
    expect(colleague.clipboard.last).toBe('654321')
    await expectAccessible(member, 'inbox with messages')
    await shoot(member, 'inbox')

    // Ben does not hold Lumen: neither its section nor its code reached his window.
    await expect(member.getByRole('region', { name: 'Lumen' })).toHaveCount(0)
    await expect(member.getByText('777 888')).toHaveCount(0)
    // Ana holds every client: Lumen's code is in her inbox.
    // Her @lumen.studio has an app code, which keeps the CODE column: the SMS code sits under its name.
    await section(page, 'All accounts').click()
    const lumenRow = accountRow(page, '@lumen.studio')
    await expect(lumenRow.locator('.account-names').getByTestId('inbox-code')).toContainText(
      'SMS code 777 888',
      { timeout: 30_000 },
    )
    await expect(lumenRow.getByTestId('code')).toBeVisible()
    expect((await lumenRow.boundingBox())?.height).toBe(60)
    await section(page, /^Inbox/).click()
    await expect(page.getByRole('region', { name: 'Lumen' })).toContainText('SMS code 777 888', {
      timeout: 30_000,
    })

    // Ben's quick popup lists the fresh codes first; Enter copies the newest.
    const popup = await context.newPage()
    await popup.setViewportSize({ width: 420, height: 480 })
    await popup.goto(colleague.popupUrl)
    const options = popup.getByRole('option')
    await expect(options.first()).toContainText('654 321')
    await expect(options.nth(1)).toContainText('@acme.bakery')
    await expect(popup.getByTestId('quick-inbox-code')).toHaveCount(2)
    await expectAccessible(popup, 'popup with inbox codes')
    await popup.getByRole('searchbox').fill('acme.bakery')
    await expect(popup.getByTestId('quick-inbox-code')).toHaveCount(1)
    await popup.keyboard.press('Enter')
    await expect.poll(() => colleague.clipboard.last).toBe('123456')

    // A notification clicked while the vault is locked: the Inbox view is what the unlock opens on.
    await section(member, 'All accounts').click()
    await colleague.backend.vault.lock()
    await expect(member.getByRole('button', { name: 'Unlock', exact: true })).toBeVisible()
    colleague.backend.inboxOpened()
    await member.getByLabel('Password', { exact: true }).fill(SEED_PASSWORD)
    await member.getByRole('button', { name: 'Unlock', exact: true }).click()
    await expect(member.getByRole('heading', { name: 'Inbox', level: 1 })).toBeVisible()
    await expect(member.getByRole('region', { name: 'Acme Bakery' })).toContainText('SMS code 123 456')

    // Every copy is in Ben's audit log.
    const copies = colleague.backend.audit
      .list({ action: 'code.copied', limit: 50 })
      .filter((entry) => entry.detail.includes('team inbox'))
    expect(copies).toHaveLength(3)
  } finally {
    await context.close()
    await colleague.dispose()
  }
})
