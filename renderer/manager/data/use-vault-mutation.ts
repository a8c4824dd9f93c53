import { useMutation, useQueryClient, type UseMutationResult } from '@tanstack/react-query'
import type { IpcResult } from '../../../shared/ipc/result.ts'
import { unwrap, type ApiError } from '../../shared/api.ts'
import { queryKeys, vaultDataKey } from './query-keys.ts'

/**
 * A call that changes the vault. Afterwards every list is refetched, so all views show the change;
 * `audit-only` is for calls that change nothing but the history (copying a code), where refetching
 * thousands of accounts would be waste.
 */
export function useVaultMutation<TInput, TOutput>(
  call: (input: TInput) => Promise<IpcResult<TOutput>>,
  refresh: 'all' | 'audit-only' = 'all',
): UseMutationResult<TOutput, ApiError, TInput> {
  const queryClient = useQueryClient()
  return useMutation<TOutput, ApiError, TInput>({
    mutationFn: (input) => unwrap(call(input)),
    onSettled: () =>
      queryClient.invalidateQueries({ queryKey: refresh === 'all' ? vaultDataKey : queryKeys.auditPrefix }),
  })
}
