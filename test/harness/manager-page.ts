import type { Locator, Page } from '@playwright/test'
import type { AccountSummary } from '../../shared/domain/accounts.ts'
import { expect } from './e2e-fixtures.ts'
import type { VaultHarness } from './e2e-fixtures.ts'
import { createUnlockedVault, seedAccounts, type SeedAccount } from './seed-vault.ts'

/** How tests find things on the manager screen: by role and name, as a person (or a screen reader) would. */
export const accountGrid = (page: Page): Locator => page.getByRole('grid', { name: 'Accounts' })

/** Data rows only: the header row has no account in it. */
export const accountRows = (page: Page): Locator => accountGrid(page).locator('[role="row"][data-account-id]')

export const accountRow = (page: Page, handle: string): Locator =>
  accountRows(page).filter({
    has: page.locator('.account-handle', { hasText: new RegExp(`^${escape(handle)}$`) }),
  })

export const section = (page: Page, name: string | RegExp): Locator =>
  page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name })

export const toast = (page: Page): Locator => page.getByTestId('toast')

/**
 * A vault created and filled through the backend, then the page reloaded onto it. Returns what was
 * added, for tests that need ids.
 */
export async function openSeededManager(
  page: Page,
  harness: VaultHarness,
  accounts: readonly SeedAccount[] = [],
): Promise<AccountSummary[]> {
  await createUnlockedVault(harness.backend)
  const added = seedAccounts(harness.backend, accounts)
  await page.reload()
  await expect(page.getByRole('heading', { name: 'All accounts' })).toBeVisible()
  return added
}

/** Codes shown in a row, without the grouping space, or null while it loads. */
export async function codeIn(row: Locator): Promise<string> {
  const text = (await row.getByTestId('code').locator('.code-digits').textContent()) ?? ''
  return text.replace(/\s/g, '')
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

export { expectAccessible } from './axe-check.ts'
