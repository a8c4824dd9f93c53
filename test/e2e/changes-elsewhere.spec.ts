import { expect } from '@playwright/test'
import { chromiumInstalled, chromiumMissing } from '../harness/system-chromium.ts'
import { test } from '../harness/e2e-fixtures.ts'
import { accountRow } from '../harness/manager-page.ts'
import { runCli } from '../integration/cli/run-cli.ts'

test.skip(!chromiumInstalled, chromiumMissing)

/**
 * A write is a change wherever it came from (issue 14): the manager is open on the vault; the CLI, in
 * another process, adds an account to the same vault. The change journal carries it to the core,
 * which tells the window, and the new account appears without a reload.
 */
const PASSWORD = 'changes elsewhere password'

test('an account the CLI adds appears in the open manager without a reload', async ({ page, harness }) => {
  const { creationId, recoveryKey } = await harness.backend.vault.prepareCreate()
  await harness.backend.vault.create({ creationId, recoveryKeyConfirmation: recoveryKey, password: PASSWORD })
  harness.backend.editing.add({ platform: 'instagram', handle: 'already.here' })
  await page.reload()
  await expect(accountRow(page, 'already.here')).toBeVisible()

  // A password vault: the CLI opens it with the password alone, sharing no keychain with the harness.
  const added = runCli(['add', '--platform', 'tiktok', '--handle', 'added.by.cli', '--password-stdin'], {
    home: harness.home,
    service: harness.keychainService,
    stdin: `${PASSWORD}\n`,
  })
  expect(added.status, added.stderr).toBe(0)

  await expect(accountRow(page, 'added.by.cli')).toBeVisible()
  await expect(accountRow(page, 'already.here')).toBeVisible()
})

test('a change from elsewhere leaves the rows in place while the pointer is over them', async ({
  page,
  harness,
}) => {
  const { creationId, recoveryKey } = await harness.backend.vault.prepareCreate()
  await harness.backend.vault.create({ creationId, recoveryKeyConfirmation: recoveryKey, password: PASSWORD })
  const alpha = harness.backend.editing.add({ platform: 'instagram', handle: 'alpha' }).account.id
  harness.backend.editing.add({ platform: 'instagram', handle: 'bravo' })
  harness.backend.editing.add({ platform: 'instagram', handle: 'charlie' })
  await page.reload()
  const handles = () =>
    page
      .getByRole('grid', { name: 'Accounts' })
      .locator('[role="row"][data-account-id] .account-handle')
      .allTextContents()
  await expect.poll(handles).toEqual(['alpha', 'bravo', 'charlie'])

  // The person is about to click "charlie" when a colleague's edit (here: another writer) renames
  // "alpha" to "zulu", which sorts last: the rows keep their places until the pointer leaves.
  await accountRow(page, 'charlie').hover()
  harness.backend.editing.update(alpha, { handle: 'zulu' })
  await expect(accountRow(page, 'zulu')).toBeVisible()
  expect(await handles()).toEqual(['zulu', 'bravo', 'charlie'])
  await page.mouse.move(5, 5)
  await expect.poll(handles).toEqual(['bravo', 'charlie', 'zulu'])
})
