import type { QueryClient } from '@tanstack/react-query'
import { managerApi } from '../../shared/api.ts'
import { INBOX_QUERY_PART, vaultDataKey } from './query-keys.ts'

/**
 * Refetches the vault's data whenever the change journal says it changed: after this window's own
 * writes (already refetched, so TanStack merges the two), another window's, and the CLI's on the same
 * vault, which the window would otherwise only see on its next reload. The inbox is not the vault's
 * data: it follows `inbox:changed` alone.
 */
export function refreshOnVaultChanges(queryClient: QueryClient): () => void {
  return managerApi().onVaultChanged(() => {
    void queryClient.invalidateQueries({
      queryKey: vaultDataKey,
      predicate: (query) => query.queryKey[1] !== INBOX_QUERY_PART,
    })
  })
}
