import { join } from 'node:path'
import type { Locator } from '@playwright/test'
import { expect, requireTeamServer, startVaultHarness, test } from '../harness/e2e-fixtures.ts'
import { accountRow, expectAccessible, openSeededManager, section } from '../harness/manager-page.ts'
import { randomBase32Secret, totpAt } from '../harness/reference-totp.ts'
import { screenshotsFolder } from '../harness/screenshots-folder.ts'
import { SEED_PASSWORD } from '../harness/seed-vault.ts'
import { formTeamThroughCores } from '../harness/team-through-cores.ts'
import { chromiumInstalled, chromiumMissing } from '../harness/system-chromium.ts'

test.skip(!chromiumInstalled, chromiumMissing)

// A sync conflict chosen in the window, on a real twofold-server and PostgreSQL. Ana (this window) and
// Ben (a second harness: his own vault and core) both change an account's notes and secret while the
// server is down; Ben's lands first, so Ana's Twofold holds both versions and flags the account. She
// chooses field by field in the dialog (codes, never secrets) and both devices end with her choice.
// Once Ben is removed, the account he could have copied offers "Replace the secret…".

test.use({ viewport: { width: 1280, height: 800 } })

/** A code the dialog may show for `secret`: it was read at most a few seconds ago. */
const recentCodes = (secret: string) => {
  const now = Date.now()
  return [totpAt(secret, now), totpAt(secret, now - 10_000)]
}
const codeShown = async (option: Locator) =>
  ((await option.locator('.conflict-code').textContent()) ?? '').replace(/\s/g, '')

test('a sync conflict is chosen field by field in the window, and every device ends with the choice', async ({
  page,
  harness,
  teamServer,
}) => {
  test.setTimeout(120_000)
  const team = requireTeamServer(teamServer)
  const [acme] = await openSeededManager(page, harness, [
    {
      platform: 'instagram',
      handle: '@acme.bakery',
      clientName: 'Acme Bakery',
      notes: 'Front desk',
      authenticator: { source: 'manual', secret: randomBase32Secret() },
    },
  ])
  const accountId = acme?.id ?? ''
  harness.backend.backups.backupNow(harness.backend.autoBackup.folder(), 10)
  const ana = harness.backend
  const colleague = await startVaultHarness()
  try {
    const ben = colleague.backend
    await formTeamThroughCores(team, ana, ben, { shared: ['Acme Bakery'], granted: ['Acme Bakery'] })
    expect(ben.queries.list().accounts.map((account) => account.handle)).toEqual(['@acme.bakery'])

    // Ana's edit waits in her vault (server down, then locked: her Twofold cannot send it), Ben's lands
    // first; at her unlock her Twofold syncs and meets his.
    const anaSecret = randomBase32Secret()
    const benSecret = randomBase32Secret()
    const newSecret = (secret: string) => ({
      source: 'manual' as const,
      secret,
      type: 'totp' as const,
      algorithm: 'SHA1' as const,
      digits: 6,
      period: 30,
    })
    await team.stopServer()
    ana.editing.update(accountId, { notes: 'Front desk, ask Dana' })
    ana.editing.replaceAuthenticator(accountId, newSecret(anaSecret))
    await ana.vault.lock()
    await team.startServer()
    ben.editing.update(accountId, { notes: 'Back office' })
    ben.editing.replaceAuthenticator(accountId, newSecret(benSecret))
    await ben.team.sync()
    await ana.vault.unlock({ method: 'password', password: SEED_PASSWORD })
    await expect.poll(() => ana.team.conflicts().length, { timeout: 30_000 }).toBe(1)

    await expect(page.getByRole('heading', { name: 'All accounts' })).toBeVisible()
    await section(page, 'Flags').click()
    const actions = page.getByRole('region', { name: 'Team accounts to act on' })
    await expect(actions).toContainText('was changed on two devices at once')
    await actions.getByRole('button', { name: 'Choose a version of @acme.bakery…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Choose a version of @acme.bakery' })
    const notes = dialog.getByRole('group', { name: 'Notes' })
    const authenticator = dialog.getByRole('group', { name: 'Authenticator' })
    await expect(notes.getByRole('radio', { name: 'This device: Front desk, ask Dana' })).toBeVisible()
    await expect(notes.getByRole('radio', { name: 'The other device: Back office' })).toBeVisible()
    // Each version's secret shows only as the code it gives now.
    const mineOption = authenticator.locator('label').filter({ hasText: 'This device' })
    const theirsOption = authenticator.locator('label').filter({ hasText: 'The other device' })
    expect(recentCodes(anaSecret)).toContain(await codeShown(mineOption))
    expect(recentCodes(benSecret)).toContain(await codeShown(theirsOption))
    await expect(mineOption).toContainText('TOTP, SHA1, 6 digits, 30 s')
    const html = await page.content()
    for (const secret of [anaSecret, benSecret]) expect(html).not.toContain(secret)
    await expectAccessible(page, 'sync conflict dialog')
    await page.screenshot({ path: join(screenshotsFolder(), 'team-conflict.png') })

    // Keyboard only: the notes from this device, the other device's secret.
    const keep = dialog.getByRole('button', { name: 'Keep the chosen version' })
    await expect(keep).toBeDisabled()
    await notes.getByRole('radio', { name: /^This device/ }).focus()
    await page.keyboard.press('Space')
    await authenticator.getByRole('radio', { name: /^The other device/ }).focus()
    await page.keyboard.press('Space')
    await expect(keep).toBeEnabled()
    await keep.focus()
    await page.keyboard.press('Enter')
    await expect(dialog).toHaveCount(0)
    await expect(actions).toHaveCount(0)

    // Her Twofold sends the choice on its own; Ben's follows the team and gets it.
    await expect.poll(async () => (await ana.team.status()).pending, { timeout: 30_000 }).toBe(0)
    await ben.team.sync()
    for (const device of [ana, ben]) {
      const account = device.queries.list().accounts.find((entry) => entry.id === accountId)
      expect(account?.notes).toBe('Front desk, ask Dana')
      expect(device.team.conflicts()).toEqual([])
      expect(device.queries.list().flags.filter((flag) => flag.kind === 'sync-conflict')).toEqual([])
    }
    const now = Date.now()
    expect(ben.codes.codes([accountId], now)[0]?.code).toBe(totpAt(benSecret, now))
    expect(ana.codes.codes([accountId], now)[0]?.code).toBe(totpAt(benSecret, now))

    // Ben leaves: the account he could have copied asks for a new secret, one click from its detail.
    await ana.team.remove('Ben')
    await ana.team.sync()
    await page.reload()
    await section(page, 'Flags').click()
    await page
      .getByRole('region', { name: 'Team accounts to act on' })
      .getByRole('button', { name: 'Replace the secret of @acme.bakery…' })
      .click()
    await expect(page.getByRole('dialog', { name: '@acme.bakery' })).toBeVisible()
    await page.keyboard.press('Escape')
    await section(page, 'All accounts').click()
    await expect(accountRow(page, '@acme.bakery')).toBeVisible()
  } finally {
    await colleague.dispose()
  }
})
