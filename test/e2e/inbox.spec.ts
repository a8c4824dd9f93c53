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
// enables the inbox of two clients through her core, a forwarder app posts SMS codes to the server's
// JSON webhook, and Ben — who holds only one of the clients — sees its codes on the right rows, in
// the Inbox view and first in the quick popup, copies one, reads a message's text on request, is told
// when a number is shared by several accounts, and sees nothing of the client he does not hold.

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
    const bakery = await harness.backend.team.enableInbox('Acme Bakery')
    const lumen = await harness.backend.team.enableInbox('Lumen')
    const webhook = (enabled: typeof bakery) => {
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
    await section(member, 'All accounts').click()

    await postJson(webhook(bakery), {
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

    // The right row shows the code, with how long ago it came; Enter copies it (this account has no
    // app code, so its inbox code is the one code its row has).
    const row = accountRow(member, '@acme.bakery')
    await expect(row.getByTestId('inbox-code')).toContainText('SMS code 123 456', { timeout: 30_000 })
    await expect(row.getByTestId('inbox-code')).toContainText(/· \d+ s ago/)
    await expect(accountRow(member, '@acme.events').getByTestId('inbox-code')).toHaveCount(0)
    await expect(section(member, /^Inbox/)).toContainText('1')
    await expectAccessible(member, 'accounts with an inbox code')
    await shoot(member, 'inbox-account-row')
    await row.focus()
    await member.keyboard.press('Enter')
    await expect(toast(member)).toContainText('Copied the SMS code for @acme.bakery')
    expect(colleague.clipboard.last).toBe('123456')

    // A number two Instagram accounts share: Twofold says it cannot tell whose code it is.
    await postJson(webhook(bakery), {
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
