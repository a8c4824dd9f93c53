import { existsSync, readFileSync } from 'node:fs'
import { chromiumInstalled, chromiumMissing } from '../harness/system-chromium.ts'
import { join } from 'node:path'
import { encodeBase32Secret } from '../../electron/core/engine/secret-text.ts'
import { readImport } from '../../electron/core/importers/read-import.ts'
import { expect, test } from '../harness/e2e-fixtures.ts'
import { accountRow, expectAccessible, openSeededManager, section } from '../harness/manager-page.ts'
import { randomBase32Secret } from '../harness/reference-totp.ts'
import { SEED_PASSWORD } from '../harness/seed-vault.ts'

test.skip(!chromiumInstalled, chromiumMissing)

const secret = randomBase32Secret()
const seed = [
  {
    platform: 'instagram' as const,
    handle: '@acme.bakery',
    clientName: 'Acme Bakery',
    authenticator: { source: 'manual' as const, secret },
  },
  {
    platform: 'tiktok' as const,
    handle: '@nordic.outdoors',
    clientName: 'Nordic Outdoors',
    authenticator: { source: 'manual' as const, secret: randomBase32Secret() },
  },
]

test('reminds to back up a vault that never was, backs up from the reminder, and restores from the list', async ({
  page,
  harness,
}) => {
  await openSeededManager(page, harness, seed)
  const reminder = page.getByRole('region', { name: 'Backup reminder' })
  await expect(reminder).toContainText('never been backed up')
  await expectAccessible(page, 'backup reminder')
  await reminder.getByRole('button', { name: 'Back up now' }).click()
  await expect(reminder).toHaveCount(0)

  await section(page, 'Settings').click()
  const backups = page.getByRole('region', { name: 'Backups' })
  await expect(backups.getByRole('row')).toHaveCount(2)
  await expectAccessible(page, 'backup settings')

  await backups.getByRole('button', { name: /^Restore the backup of / }).click()
  const dialog = page.getByRole('dialog', { name: 'Restore a backup' })
  await dialog.getByLabel('Password or recovery key').fill('not the password')
  await dialog.getByRole('button', { name: 'Restore' }).click()
  await expect(dialog.getByRole('alert')).toContainText(/password|recovery key/i)
  await expectAccessible(page, 'restore dialog')
  await dialog.getByLabel('Password or recovery key').fill(SEED_PASSWORD)
  await dialog.getByRole('button', { name: 'Restore' }).click()
  await expect(dialog).toHaveCount(0)
  await expect(backups.getByRole('status')).toHaveText('Restored 0 accounts; 2 already in the vault.')
})

test('moves backups to a folder chosen in the OS dialog and keeps the number asked for', async ({
  page,
  harness,
}) => {
  await openSeededManager(page, harness, seed)
  await section(page, 'Settings').click()
  const backups = page.getByRole('region', { name: 'Backups' })
  harness.desktop.folder = join(harness.home, 'usb-drive')
  await backups.getByRole('button', { name: 'Change folder…' }).click()
  await expect(backups.getByText(join(harness.home, 'usb-drive'))).toBeVisible()
  await backups.getByLabel('Backups to keep').fill('3')
  await backups.getByRole('button', { name: 'Save' }).click()
  await expect(backups.getByRole('status')).toHaveText('The newest 3 backups will be kept.')
  await backups.getByRole('button', { name: 'Back up now' }).click()
  await expect(backups.getByRole('row')).toHaveCount(2)
  expect(harness.backend.preferences.read()).toMatchObject({
    backupFolder: join(harness.home, 'usb-drive'),
    backupKeep: 3,
  })
  expect(harness.backend.backups.list(join(harness.home, 'usb-drive'))).toHaveLength(1)
})

test('exports one client as an encrypted Aegis vault, and plain links only after the vault password and a yes in main', async ({
  page,
  harness,
}) => {
  await openSeededManager(page, harness, seed)
  await section(page, 'Settings').click()
  const form = page.getByRole('form', { name: 'Export' })
  await form.getByLabel('Accounts').selectOption({ label: 'Only Acme Bakery' })
  await form.getByLabel('Export password', { exact: true }).fill('client password 1')
  await form.getByLabel('Confirm export password').fill('client password 1')
  harness.desktop.saveFile = join(harness.home, 'acme.json')
  // The export password is the page's choice; the vault's own password proves the person is here.
  await form.getByRole('button', { name: 'Export…' }).click()
  await expect(form.getByRole('alert')).toContainText('Enter the vault password.')
  await form.getByLabel('Vault password').fill(SEED_PASSWORD)
  await form.getByRole('button', { name: 'Export…' }).click()
  await expect(form.getByRole('status')).toHaveText(`Exported 1 account to ${harness.desktop.saveFile}.`)
  const dialogs = harness.desktop.shown.slice(-2)
  expect(dialogs[0]?.detail).toMatch(/^twofold-acme-bakery-aegis-\d{4}-\d\d-\d\d\.json$/)
  expect(dialogs[1]).toEqual({
    dialog: 'confirm',
    detail:
      'Export 1 authenticator key of Acme Bakery to acme.json, encrypted with the export password typed in the window?',
  })
  const exported = await readImport(readFileSync(harness.desktop.saveFile), { password: 'client password 1' })
  expect(
    exported.entries.map((entry) => [
      entry.accountName,
      encodeBase32Secret(entry.secret ?? new Uint8Array()),
    ]),
  ).toEqual([['@acme.bakery', secret]])

  await form.getByLabel('Accounts').selectOption({ label: 'Every account' })
  await form.getByText('Plain otpauth:// links').click()
  await expect(form.getByText(/holds every secret in plain text/)).toBeVisible()
  await expectAccessible(page, 'plain-text export warning')
  harness.desktop.saveFile = join(harness.home, 'links.txt')
  // "No" in main's own dialog: nothing is written, whatever the page sent.
  harness.desktop.confirmAnswer = false
  await form.getByLabel('Vault password').fill(SEED_PASSWORD)
  await form.getByRole('button', { name: 'Export…' }).click()
  await expect(form.getByRole('alert')).toContainText('Cancelled: nothing was shown or saved.')
  expect(harness.desktop.shown.at(-1)?.detail).toBe('Export 2 authenticator keys as PLAIN TEXT to links.txt?')
  expect(existsSync(harness.desktop.saveFile)).toBe(false)
  harness.desktop.confirmAnswer = true
  await form.getByLabel('Vault password').fill(SEED_PASSWORD)
  await form.getByRole('button', { name: 'Export…' }).click()
  await expect(form.getByRole('status')).toHaveText(`Exported 2 accounts to ${harness.desktop.saveFile}.`)
  expect(readFileSync(harness.desktop.saveFile, 'utf8').trim().split('\n')).toHaveLength(2)

  harness.desktop.saveFile = null
  await form.getByLabel('Vault password').fill(SEED_PASSWORD)
  await form.getByRole('button', { name: 'Export…' }).click()
  await expect(form.getByRole('status')).toHaveText('Export cancelled: nothing was written.')
})

test('shows an account’s QR code for a phone after the vault password, then takes it away', async ({
  page,
  harness,
}) => {
  await openSeededManager(page, harness, seed)
  await accountRow(page, '@acme.bakery').click()
  const detail = page.getByRole('dialog', { name: '@acme.bakery' })
  await detail.getByRole('button', { name: 'Move to phone' }).click()
  const dialog = page.getByRole('dialog', { name: 'Move @acme.bakery to a phone' })
  await dialog.getByLabel('Vault password').fill('wrong password here')
  await dialog.getByRole('button', { name: 'Show QR code' }).click()
  await expect(dialog.getByRole('alert')).toContainText(/password/i)
  // The right password, but "no" in main's own dialog: no picture.
  harness.desktop.confirmAnswer = false
  await dialog.getByLabel('Vault password').fill(SEED_PASSWORD)
  await dialog.getByRole('button', { name: 'Show QR code' }).click()
  await expect(dialog.getByRole('alert')).toContainText('Cancelled: nothing was shown or saved.')
  expect(harness.desktop.shown.at(-1)?.detail).toBe('Show the QR code of @acme.bakery (Instagram)?')
  await expect(page.locator('img[src^="data:image/png"]')).toHaveCount(0)
  harness.desktop.confirmAnswer = true
  await dialog.getByLabel('Vault password').fill(SEED_PASSWORD)
  await dialog.getByRole('button', { name: 'Show QR code' }).click()
  const image = dialog.getByRole('img', { name: 'QR code holding the authenticator key of @acme.bakery' })
  await expect(image).toBeVisible()
  await expectAccessible(page, 'phone QR code')

  // What the phone's camera reads is this account's key.
  const source = (await image.getAttribute('src')) ?? ''
  const scanned = await readImport(Buffer.from(source.replace(/^data:image\/png;base64,/, ''), 'base64'))
  expect(encodeBase32Secret(scanned.entries[0]?.secret ?? new Uint8Array())).toBe(secret)

  await dialog.getByRole('button', { name: 'Done' }).click()
  await expect(page.locator('img[src^="data:image/png"]')).toHaveCount(0)
  expect(harness.backend.audit.list({ action: 'export' })[0]?.detail).toMatch(/QR code shown/)
})
