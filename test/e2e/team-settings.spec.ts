import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { expect, requireTeamServer, startVaultHarness, test } from '../harness/e2e-fixtures.ts'
import { accountRow, expectAccessible, openSeededManager, section } from '../harness/manager-page.ts'
import { randomBase32Secret } from '../harness/reference-totp.ts'
import { screenshotsFolder } from '../harness/screenshots-folder.ts'
import { createUnlockedVault } from '../harness/seed-vault.ts'
import { chromiumInstalled, chromiumMissing } from '../harness/system-chromium.ts'

test.skip(!chromiumInstalled, chromiumMissing)

// Settings → Team with a real twofold-server on a real PostgreSQL: an owner creates the team in one
// window, a colleague joins in another (a second harness: their own vault and core), and after the
// owner's sync confirms the device the colleague's sync brings the shared client's account.

// The walk also takes the team's pictures for the docs (see screenshots.spec.ts for where they go).
test.use({ viewport: { width: 1280, height: 800 } })
const shoot = (page: Page, name: string) =>
  page.screenshot({ path: join(screenshotsFolder(), `${name}.png`) })

const teamPanel = (page: Page) => page.getByRole('region', { name: 'Team' })

test('an owner creates a team and a colleague joins it, each from Settings → Team', async ({
  page,
  harness,
  browser,
  teamServer,
}) => {
  test.setTimeout(120_000)
  const team = requireTeamServer(teamServer)
  await openSeededManager(page, harness, [
    {
      platform: 'instagram',
      handle: '@acme.bakery',
      clientName: 'Acme Bakery',
      authenticator: { source: 'manual', secret: randomBase32Secret() },
    },
    {
      platform: 'instagram',
      handle: '@lumen.studio',
      clientName: 'Lumen',
      authenticator: { source: 'manual', secret: randomBase32Secret() },
    },
    {
      platform: 'tiktok',
      handle: '@own.thing',
      clientName: 'Personal',
      authenticator: { source: 'manual', secret: randomBase32Secret() },
    },
  ])
  // A vault that backs up: the never-backed-up banner would sit on every picture below.
  harness.backend.backups.backupNow(harness.backend.autoBackup.folder(), 10)
  await section(page, 'Settings').click()
  const owner = teamPanel(page)
  await expect(owner.getByRole('button', { name: 'Join team' })).toBeVisible()
  await expectAccessible(page, 'team settings, no team yet')

  await owner.getByRole('radio', { name: 'Create a team' }).check()
  await owner.getByLabel('Server address').fill(team.serverUrl)
  await owner.getByLabel('Setup code').fill('not-the-code')
  await owner.getByLabel('Team name').fill('Agency')
  await owner.getByLabel('Your name in the team').fill('Ana')
  await owner.getByRole('button', { name: 'Create team' }).click()
  await expect(owner.getByRole('alert')).toContainText(/setup code/i)
  await owner.getByLabel('Setup code').fill(await team.setupCode())
  await owner.getByRole('button', { name: 'Create team' }).click()
  await expect(owner.getByText('Ana · Owner')).toBeVisible()
  await expect(owner.getByText('Agency', { exact: true })).toBeVisible()
  await expect(owner.getByText(/^Online/)).toBeVisible()
  const ownerFingerprint =
    (await owner
      .locator('code')
      .filter({ hasText: /^\d{5} / })
      .textContent()) ?? ''
  expect(ownerFingerprint).toMatch(/^\d{5} \d{5} \d{5} \d{5}$/)
  await expectAccessible(page, 'team settings, owner')
  await owner.scrollIntoViewIfNeeded()
  await shoot(page, 'team-settings')

  // A personal client moves in after a preview of what leaves the machine, and for whom.
  await section(page, /^Acme Bakery/).click()
  const sharing = page.getByTestId('client-sharing')
  await expect(sharing).toContainText('Personal: its accounts stay on this computer.')
  await sharing.getByRole('button', { name: 'Share with team…' }).click()
  const preview = page.getByRole('dialog', { name: 'Share Acme Bakery with Agency' })
  await expect(preview).toContainText('sealed with a new key')
  await expect(preview).toContainText('Who can open them: you.')
  await expectAccessible(page, 'share preview')
  await shoot(page, 'team-share-preview')
  await preview.getByRole('button', { name: 'Share 1 account' }).click()
  await expect(preview).toHaveCount(0)
  await expect(sharing).toContainText('Shared with you')
  await expect(section(page, /^Acme Bakery\b.*shared/)).toBeVisible()
  // The rest of the set-up through the owner's core: the invite screen is walked further down.
  await harness.backend.team.share('Lumen')
  const { code } = await harness.backend.team.invite({ name: 'Ben', clientNames: ['Acme Bakery'] })

  const colleague = await startVaultHarness()
  const context = await browser.newContext()
  try {
    await createUnlockedVault(colleague.backend)
    const member = await context.newPage()
    await member.goto(colleague.url)
    await expect(member.getByRole('heading', { name: 'All accounts' })).toBeVisible()
    await section(member, 'Settings').click()
    const joining = teamPanel(member)
    await joining.getByRole('textbox', { name: 'Invite code' }).fill(code)
    await joining.getByLabel('Your name in the team').fill('Ben')
    await joining.getByRole('button', { name: 'Join team' }).click()
    await expect(joining.getByText('Ben · Member')).toBeVisible()
    await expectAccessible(member, 'team settings, joined')

    // Nobody syncs by hand: Ana's window follows the team, checks Ben's proof and confirms him, and
    // Ben's window then receives exactly the client granted.
    await section(member, 'All accounts').click()
    await expect(accountRow(member, '@acme.bakery')).toBeVisible({ timeout: 30_000 })
    await section(member, 'Settings').click()
    await expect(joining.getByText('Waiting for an admin')).toHaveCount(0)
    await joining.getByRole('button', { name: 'Sync now' }).click()
    await expect(joining.getByRole('status').last()).toContainText('Synced:')
    await section(member, 'All accounts').click()
    await expect(accountRow(member, '@own.thing')).toHaveCount(0)
    await expect(accountRow(member, '@lumen.studio')).toHaveCount(0)

    // Both windows follow the team live: Ana's edit shows in Ben's window with nobody syncing.
    await section(page, /^Acme Bakery/).click()
    await accountRow(page, '@acme.bakery').click()
    const detail = page.getByRole('dialog', { name: '@acme.bakery' })
    await detail.getByRole('button', { name: 'Edit' }).click()
    await detail.getByLabel('Notes').fill('Front desk phone, ask Dana')
    await detail.getByRole('button', { name: 'Save changes' }).click()
    await expect(detail.getByText('Front desk phone, ask Dana')).toBeVisible()
    await page.keyboard.press('Escape')
    await accountRow(member, '@acme.bakery').click()
    await expect(
      member.getByRole('dialog', { name: '@acme.bakery' }).getByText('Front desk phone, ask Dana'),
    ).toBeVisible({ timeout: 20_000 })
    await member.keyboard.press('Escape')
    // The row says who changed it last, and when.
    await expect(accountRow(member, '@acme.bakery')).toContainText('changed by Ana just now')

    // Ben's quick popup finds and copies the team account like a personal one.
    const popup = await context.newPage()
    await popup.goto(colleague.popupUrl)
    await popup.getByRole('searchbox', { name: 'Find an account' }).fill('acme')
    await expect(popup.getByRole('option')).toHaveCount(1)
    await expect(popup.getByRole('option', { selected: true })).toContainText('@acme.bakery')
    await popup.getByRole('searchbox', { name: 'Find an account' }).press('Enter')
    await expect.poll(() => colleague.clipboard.last).toMatch(/^\d{6}$/)
    await popup.close()

    // The owner's Members view: Ben holds Acme Bakery only; a grant, its revocation, an invite taken
    // back, and Ben's removal, each said beforehand and after.
    await section(page, 'Team').click()
    const members = page.getByRole('table', { name: 'Members of Agency' })
    const ben = members.getByRole('row', { name: /^Ben/ })
    await expect(ben.getByRole('cell', { name: 'Active' })).toBeVisible()
    await expect(ben.getByRole('listitem').filter({ hasText: 'Acme Bakery' })).toBeVisible()
    await expect(members.getByRole('row', { name: /^Ana/ })).toContainText('Every shared client')
    await expectAccessible(page, 'team members')
    await shoot(page, 'team-members')

    await ben.getByRole('button', { name: 'Grant Ben a client' }).click()
    const grant = page.getByRole('dialog', { name: 'Grant Ben a client' })
    await grant.getByRole('radio', { name: 'Lumen' }).check()
    await expectAccessible(page, 'grant dialog')
    await grant.getByRole('button', { name: 'Grant' }).click()
    await expect(grant).toHaveCount(0)
    await expect(ben.getByRole('listitem').filter({ hasText: 'Lumen' })).toBeVisible()
    await expect(accountRow(member, '@lumen.studio')).toBeVisible({ timeout: 30_000 })

    await ben.getByRole('button', { name: 'Take Lumen back from Ben' }).click()
    await expect(page.getByRole('status').filter({ hasText: 'Lumen taken back from Ben' })).toBeVisible()
    await expect(ben.getByRole('listitem').filter({ hasText: 'Lumen' })).toHaveCount(0)
    await expect(accountRow(member, '@lumen.studio')).toHaveCount(0, { timeout: 30_000 })

    await page.getByRole('button', { name: 'Invite…' }).click()
    const invite = page.getByRole('dialog', { name: 'Invite someone' })
    await invite.getByLabel('Their name').fill('Cleo')
    await invite.getByRole('checkbox', { name: 'Lumen' }).check()
    await expectAccessible(page, 'invite dialog')
    const copiesBefore = harness.clipboard.texts.length
    await invite.getByRole('button', { name: 'Copy invite code' }).click()
    await expect(page.getByRole('status').filter({ hasText: 'Invite code for Cleo copied' })).toBeVisible()
    expect(harness.clipboard.texts.length).toBe(copiesBefore + 1)
    expect(harness.clipboard.last).toMatch(/^twofold-invite:/)
    // The window never held the code: it is in no text on the page.
    await expect(page.locator('body')).not.toContainText(harness.clipboard.last ?? 'missing')
    const cleo = members.getByRole('row', { name: /^Cleo/ })
    await expect(cleo.getByRole('cell', { name: /^Invited/ })).toContainText('Code works until')
    await cleo.getByRole('button', { name: 'Remove Cleo' }).click()
    const takeBack = page.getByRole('dialog', { name: 'Remove Cleo' })
    await expect(takeBack).toContainText('has not joined yet')
    await takeBack.getByRole('button', { name: 'Remove Cleo' }).click()
    await expect(page.getByRole('status').filter({ hasText: 'Cleo removed.' })).toBeVisible()

    await ben.getByRole('button', { name: 'Remove Ben' }).click()
    const removal = page.getByRole('dialog', { name: 'Remove Ben' })
    await expect(removal).toContainText('refused by the server from now on')
    await expect(removal).toContainText('cannot be recalled')
    await expectAccessible(page, 'remove dialog')
    await shoot(page, 'team-remove')
    await removal.getByRole('button', { name: 'Remove Ben' }).click()
    await expect(page.getByRole('status').filter({ hasText: 'Ben removed: 1 client re-keyed' })).toBeVisible()
    await expect(members.getByRole('row', { name: /^Ben/ })).toHaveCount(0)

    await section(page, 'Flags').click()
    await expect(page.getByText('Exposed to a former member').first()).toBeVisible()
    await shoot(page, 'team-exposed-flag')

    // The team's audit log beside the vault's: names this device knows, filters, the chain verified.
    await section(page, 'Audit log').click()
    await page.getByRole('radio', { name: 'Team' }).check()
    const teamLog = page.getByRole('table', { name: 'Team audit log, newest first' })
    await expect(teamLog.getByRole('row', { name: /Member removed Ana Ben/ })).toHaveCount(1)
    await expect(teamLog.getByRole('row').filter({ hasText: 'Client granted' }).first()).toContainText(
      'Lumen',
    )
    await page.getByLabel('Member').selectOption('Cleo')
    await expect(teamLog.getByRole('row').filter({ hasText: 'Client granted' })).toHaveCount(0)
    await expect(teamLog.getByRole('row').filter({ hasText: 'Member invited' })).toHaveCount(1)
    await page.getByLabel('Member').selectOption('')
    await page.getByRole('button', { name: 'Verify chain' }).click()
    await expect(page.getByRole('status').filter({ hasText: 'Chain verified' })).toContainText(
      'none altered, removed or inserted',
    )
    await expectAccessible(page, 'team audit')
    await shoot(page, 'team-audit')

    await section(member, 'Settings').click()
    await expect(joining.getByText(/^Refused by the server/)).toBeVisible({ timeout: 30_000 })
    await joining.getByRole('button', { name: 'Sync now' }).click()
    await expect(joining.getByRole('alert')).toContainText('You were removed from the team.')
  } finally {
    await context.close()
    await colleague.dispose()
  }
})
