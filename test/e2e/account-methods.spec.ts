import { expect } from '@playwright/test'
import { chromiumInstalled, chromiumMissing } from '../harness/system-chromium.ts'
import { test } from '../harness/e2e-fixtures.ts'
import { accountRow, expectAccessible, openSeededManager } from '../harness/manager-page.ts'
import { randomBase32Secret, totpAt } from '../harness/reference-totp.ts'

test.skip(!chromiumInstalled, chromiumMissing)

test('replaces a secret the service re-issued, refusing a code that does not match', async ({
  page,
  harness,
}) => {
  const [account] = await openSeededManager(page, harness, [
    {
      platform: 'instagram',
      handle: '@reenrolled',
      authenticator: { source: 'manual', secret: randomBase32Secret() },
    },
  ])
  const fresh = randomBase32Secret()
  await accountRow(page, '@reenrolled').click()
  const detail = page.getByRole('dialog', { name: '@reenrolled' })
  await detail.getByRole('button', { name: 'Replace secret' }).click()
  const form = detail.getByRole('form', { name: 'Replace the authenticator secret' })
  await form.getByLabel('New otpauth link or secret key').fill(fresh)
  await form.getByLabel('Code the service shows now').fill('000000')
  await form.getByRole('button', { name: 'Replace secret' }).click()
  await expect(form.getByRole('alert')).toContainText('does not match')
  await expectAccessible(page, 'replace secret')

  await form.getByLabel('Code the service shows now').fill(totpAt(fresh, Date.now()))
  await form.getByRole('button', { name: 'Replace secret' }).click()
  await expect(form).toHaveCount(0)
  await expect(detail.getByText(/^Verified /).first()).toBeVisible()
  const [code] = harness.backend.codes.codes([account?.id ?? ''])
  expect(code?.code).toBe(totpAt(fresh, code?.validFrom ?? 0))
  expect(harness.backend.audit.list({ action: 'account.changed' })[0]?.detail).toBe('authenticator')
})

test('marks a phone number verified, and back', async ({ page, harness }) => {
  await openSeededManager(page, harness, [
    { platform: 'instagram', handle: '@phoneonly', sms: '+14155550123' },
  ])
  await accountRow(page, '@phoneonly').click()
  const detail = page.getByRole('dialog', { name: '@phoneonly' })
  await expect(detail.getByText('Not verified')).toBeVisible()
  await detail.getByRole('button', { name: 'Mark SMS number verified' }).click()
  await expect(detail.getByRole('button', { name: 'Mark SMS number unverified' })).toBeVisible()
  await expect(detail.getByText('Not verified')).toHaveCount(0)
  expect(harness.backend.queries.list().accounts[0]?.methods.sms?.verifiedAt).not.toBeNull()
  await detail.getByRole('button', { name: 'Mark SMS number unverified' }).click()
  await expect(detail.getByText('Not verified')).toBeVisible()
})
