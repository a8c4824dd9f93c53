import { expect, requireTeamServer, startVaultHarness, test } from '../harness/e2e-fixtures.ts'
import { accountRow, expectAccessible, openSeededManager, section } from '../harness/manager-page.ts'
import { randomBase32Secret } from '../harness/reference-totp.ts'
import { formTeamThroughCores } from '../harness/team-through-cores.ts'
import { chromiumInstalled, chromiumMissing } from '../harness/system-chromium.ts'

test.skip(!chromiumInstalled, chromiumMissing)

// The owner's Members view changes Ben's role, with a real twofold-server on a real PostgreSQL: each
// dialog says beforehand what it does; as an admin Ben's window receives every shared client, and made
// a member again keeping Acme Bakery, Lumen leaves his window and its account is flagged exposed.

test('the owner makes Ben an admin, then a member again keeping one client', async ({
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
  ])
  const colleague = await startVaultHarness()
  const context = await browser.newContext()
  try {
    await formTeamThroughCores(team, harness.backend, colleague.backend, {
      shared: ['Acme Bakery', 'Lumen'],
      granted: ['Acme Bakery'],
    })
    const member = await context.newPage()
    await member.goto(colleague.url)
    await expect(accountRow(member, '@acme.bakery')).toBeVisible()
    await expect(accountRow(member, '@lumen.studio')).toHaveCount(0)

    await section(page, 'Team').click()
    const members = page.getByRole('table', { name: 'Members of Agency' })
    const ben = members.getByRole('row', { name: /^Ben/ })
    await expect(
      members.getByRole('row', { name: /^Ana/ }).getByRole('button', { name: /^Make/ }),
    ).toHaveCount(0)
    await ben.getByRole('button', { name: 'Make admin: Ben' }).click()
    const promote = page.getByRole('dialog', { name: 'Make Ben an admin' })
    await expect(promote).toContainText('Ben will hold every shared client — Lumen as well')
    await expect(promote).toContainText(
      'They can invite people, grant and take back clients, and remove members.',
    )
    await expectAccessible(page, 'make admin dialog')
    await promote.getByRole('button', { name: 'Make Ben an admin' }).click()
    await expect(promote).toHaveCount(0)
    await expect(
      page.getByRole('status').filter({ hasText: 'Ben is an admin now and holds 2 shared clients' }),
    ).toBeVisible()
    await expect(ben.getByRole('cell', { name: 'Admin', exact: true })).toBeVisible()
    await expect(ben).toContainText('Every shared client')

    await colleague.backend.team.sync()
    await expect(accountRow(member, '@lumen.studio')).toBeVisible({ timeout: 30_000 })

    await ben.getByRole('button', { name: 'Make member: Ben' }).click()
    const demote = page.getByRole('dialog', { name: 'Make Ben a member' })
    await expect(demote).toContainText('Acme Bakery, Lumen leave their Twofold and get a new key')
    await demote.getByRole('checkbox', { name: 'Acme Bakery' }).check()
    await expect(demote).toContainText('Lumen leaves their Twofold and gets a new key')
    await expect(demote).toContainText('cannot be recalled')
    await expectAccessible(page, 'make member dialog')
    await demote.getByRole('button', { name: 'Make Ben a member' }).click()
    await expect(demote).toHaveCount(0)
    await expect(
      page
        .getByRole('status')
        .filter({ hasText: 'Ben is a member now: 1 client re-keyed, their accounts flagged.' }),
    ).toBeVisible()
    await expect(ben.getByRole('cell', { name: 'Member', exact: true })).toBeVisible()
    await expect(ben.getByRole('listitem').filter({ hasText: 'Acme Bakery' })).toBeVisible()

    await colleague.backend.team.sync()
    await expect(accountRow(member, '@lumen.studio')).toHaveCount(0, { timeout: 30_000 })
    await expect(accountRow(member, '@acme.bakery')).toBeVisible()
    await section(page, 'Flags').click()
    await expect(page.getByText('Exposed to a former member').first()).toBeVisible()
  } finally {
    await context.close()
    await colleague.dispose()
  }
})
