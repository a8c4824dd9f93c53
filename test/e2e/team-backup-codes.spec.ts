import { expect, requireTeamServer, startVaultHarness, test } from '../harness/e2e-fixtures.ts'
import { accountRow, expectAccessible, openSeededManager } from '../harness/manager-page.ts'
import { randomBase32Secret } from '../harness/reference-totp.ts'
import { formTeamThroughCores } from '../harness/team-through-cores.ts'
import { chromiumInstalled, chromiumMissing } from '../harness/system-chromium.ts'

test.skip(!chromiumInstalled, chromiumMissing)

// A team account's backup codes in two windows side by side, with a real twofold-server on a real
// PostgreSQL: Ana stores the set in her window, each "Use next" is a claim on the server (Ana and Ben
// get different codes, and Ben is told Ana used one and when), nothing offers Undo or the whole set,
// and offline Ben's window says why it cannot hand out a code.

test('a team backup code goes to one person, and the next one says who used the set', async ({
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
  ])
  const colleague = await startVaultHarness()
  const context = await browser.newContext()
  try {
    await formTeamThroughCores(team, harness.backend, colleague.backend, {
      shared: ['Acme Bakery'],
      granted: ['Acme Bakery'],
    })

    // Ana stores the set in her window: it goes to the team server, and the panel says how it is shared.
    await accountRow(page, '@acme.bakery').click()
    const detail = page.getByRole('dialog', { name: '@acme.bakery' })
    await detail.getByRole('button', { name: 'Add backup codes' }).click()
    await detail
      .getByRole('textbox', { name: 'Backup codes' })
      .fill('1234 5678\n2345 6789\n3456 7890\n4567 8901')
    await detail.getByRole('button', { name: 'Save codes' }).click()
    await expect(detail.getByTestId('backup-remaining')).toHaveText('4 of 4 left')
    await expect(detail.getByTestId('backup-shared')).toContainText(
      'Shared with the team: each code goes to one person.',
    )
    await expect(detail.getByRole('button', { name: 'Reveal all' })).toHaveCount(0)

    await detail.getByRole('button', { name: 'Use next' }).click()
    const anaUsed = page.getByRole('dialog', { name: 'Backup code for @acme.bakery' })
    await expect(anaUsed).toContainText("Claimed from the team's set: nobody else gets this code.")
    await expect(anaUsed).toContainText('3 unused codes left')
    await expect(anaUsed.getByTestId('earlier-claims')).toHaveText(
      'No one has used a code of this set before.',
    )
    await expect(anaUsed.getByRole('button', { name: /^Undo/ })).toHaveCount(0)
    const anaCode = (await anaUsed.getByTestId('revealed-code').textContent()) ?? ''
    expect(anaCode).toMatch(/^\d{8}$/)
    await expectAccessible(page, 'team backup code used')
    await anaUsed.getByRole('button', { name: 'Done' }).click()
    await expect(detail.getByTestId('backup-remaining')).toHaveText('3 of 4 left')

    // Ben's window, after his device synced: the same set, one claimed.
    await colleague.backend.team.sync()
    const member = await context.newPage()
    await member.goto(colleague.url)
    await accountRow(member, '@acme.bakery').click()
    const benDetail = member.getByRole('dialog', { name: '@acme.bakery' })
    await expect(benDetail.getByTestId('backup-remaining')).toHaveText('3 of 4 left')
    await expect(benDetail.getByTestId('backup-shared')).toBeVisible()

    await benDetail.getByRole('button', { name: 'Use next' }).click()
    const benUsed = member.getByRole('dialog', { name: 'Backup code for @acme.bakery' })
    const benCode = (await benUsed.getByTestId('revealed-code').textContent()) ?? ''
    expect(benCode).toMatch(/^\d{8}$/)
    expect(benCode).not.toBe(anaCode)
    await expect(benUsed.getByTestId('earlier-claims')).toContainText(/^Also used from this set: Ana, .*\d/)
    // Copy goes through main, like a personal code.
    await benUsed.getByRole('button', { name: 'Copy' }).click()
    await expect(benUsed.getByText('Copied.')).toBeVisible()
    expect(colleague.clipboard.last).toBe(benCode)
    await expectAccessible(member, 'team backup code used by a colleague')
    await benUsed.getByRole('button', { name: 'Done' }).click()
    await expect(benDetail.getByTestId('backup-remaining')).toHaveText('2 of 4 left')
    // Ana's window follows the team: Ben's claim lowers her count too, with nobody reloading.
    await expect(detail.getByTestId('backup-remaining')).toHaveText('2 of 4 left', { timeout: 20_000 })

    // Offline, no code: the server is what keeps two people from using the same one, and Ben reads so.
    await team.stopServer()
    try {
      await benDetail.getByRole('button', { name: 'Use next' }).click()
      await expect(benDetail.getByRole('alert')).toContainText('needs the team server')
      await expect(benDetail.getByRole('alert')).toContainText('two people never use the same one')
      await expect(benDetail.getByTestId('backup-remaining')).toHaveText('2 of 4 left')
    } finally {
      await team.startServer()
    }
  } finally {
    await context.close()
    await colleague.dispose()
  }
})
