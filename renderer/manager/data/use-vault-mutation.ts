import { useMutation, useQueryClient, type UseMutationResult } from '@tanstack/react-query'
import type { IpcResult } from '../../../shared/ipc/result.ts'
import { unwrap, type ApiError } from '../../shared/api.ts'
import { queryKeys, vaultDataKey } from './query-keys.ts'

export interface VaultMutationOptions {
  /**
   * What to refetch afterwards: every list (the default), only the history for calls that change
   * nothing else, or the backup status and history for backup settings — refetching thousands of
   * accounts after either would be waste.
   */
  refresh?: 'all' | 'audit-only' | 'backups'
  /**
   * The call's input or answer is secret (a pasted secret, backup codes, a used code). TanStack keeps
   * a finished mutation, variables and data included, for five minutes by default; this one is
   * dropped as soon as nothing shows it. Callers also `reset()` once the secret is off screen.
   */
  holdsSecrets?: boolean
}

/** A call that changes the vault; afterwards the lists are refetched so every view shows the change. */
export function useVaultMutation<TInput, TOutput>(
  call: (input: TInput) => Promise<IpcResult<TOutput>>,
  { refresh = 'all', holdsSecrets = false }: VaultMutationOptions = {},
): UseMutationResult<TOutput, ApiError, TInput> {
  const queryClient = useQueryClient()
  return useMutation<TOutput, ApiError, TInput>({
    mutationFn: (input) => unwrap(call(input)),
    onSettled: () =>
      Promise.all(
        (refresh === 'all'
          ? [vaultDataKey]
          : refresh === 'backups'
            ? [queryKeys.backups, queryKeys.auditPrefix]
            : [queryKeys.auditPrefix]
        ).map((queryKey) => queryClient.invalidateQueries({ queryKey })),
      ),
    ...(holdsSecrets ? { gcTime: 0 } : {}),
  })
}
