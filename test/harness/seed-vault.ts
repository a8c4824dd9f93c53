import type { Backend } from '../../electron/core/app-backend.ts'
import type { AccountSummary } from '../../shared/domain/accounts.ts'
import { newAccountSchema, type RequestOf } from '../../shared/ipc/contract.ts'

/** The password seeded vaults are created with; the reveal dialog asks for it. */
export const SEED_PASSWORD = 'correct horse battery staple'

export type SeedAccount = RequestOf<'accounts:add'>

/**
 * A vault made directly through the backend, unlocked, with a password slot so it does not depend on a
 * keychain. Tests that seed data load the page afterwards and land straight on the manager.
 */
export async function createUnlockedVault(backend: Backend, password = SEED_PASSWORD): Promise<void> {
  const { creationId, recoveryKey } = await backend.vault.prepareCreate()
  await backend.vault.create({ creationId, recoveryKeyConfirmation: recoveryKey, password })
}

/**
 * Adds accounts through `AccountService.add`, the path every window and the CLI take, never the UI.
 * Two things make thousands of adds take seconds rather than minutes: one surrounding transaction (one
 * fsync instead of one per account), and skipping the posture flags `add` recomputes over the whole
 * vault to answer each call (quadratic in the vault's size; nobody reads that answer here).
 */
export function seedAccounts(backend: Backend, accounts: readonly SeedAccount[]): AccountSummary[] {
  const service = backend.accounts
  const requests = accounts.map((account) => newAccountSchema.parse(account))
  service.flags = () => []
  try {
    return backend.vault
      .requireUnlockedDatabase()
      .transaction(() => requests.map((request) => service.add(request).account))()
  } finally {
    // Back to the prototype's method, which computes the flags for real.
    delete (service as Partial<Pick<typeof service, 'flags'>>).flags
  }
}
