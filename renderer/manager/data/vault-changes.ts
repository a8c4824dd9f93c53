import type { QueryClient } from '@tanstack/react-query'
import { managerApi } from '../../shared/api.ts'
import { vaultDataKey } from './query-keys.ts'

/**
 * Refetches the vault's data whenever the change journal says it changed: after this window's own
 * writes (already refetched, so TanStack merges the two), another window's, and the CLI's on the same
 * vault, which the window would otherwise only see on its next reload.
 */
export function refreshOnVaultChanges(queryClient: QueryClient): () => void {
  return managerApi().onVaultChanged(() => {
    void queryClient.invalidateQueries({ queryKey: vaultDataKey })
  })
}
