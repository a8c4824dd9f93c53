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
 * Adds accounts through `AccountEditing.add`, the path every window and the CLI take, never the UI,
 * inside one surrounding transaction: one fsync instead of one per account.
 */
export function seedAccounts(backend: Backend, accounts: readonly SeedAccount[]): AccountSummary[] {
  const service = backend.editing
  const requests = accounts.map((account) => newAccountSchema.parse(account))
  return backend.vault
    .requireUnlockedDatabase()
    .transaction(() => requests.map((request) => service.add(request).account))()
}
