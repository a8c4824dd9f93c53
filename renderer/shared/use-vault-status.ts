import { useMutation, useQuery, useQueryClient, type UseMutationResult } from '@tanstack/react-query'
import { useEffect } from 'react'
import type { VaultStatus } from '../../shared/domain/vault.ts'
import type { IpcResult } from '../../shared/ipc/result.ts'
import { managerApi, unwrap, type ApiError } from './api.ts'

export const vaultStatusQueryKey = ['vault-status'] as const

/**
 * The vault's status, kept current two ways: every call that changes it hands back the new status,
 * and `onVaultStateChanged` covers changes made elsewhere (another window, the CLI, auto-lock).
 */
export function useVaultStatus() {
  const queryClient = useQueryClient()
  useEffect(
    () =>
      managerApi().onVaultStateChanged((status) => {
        queryClient.setQueryData(vaultStatusQueryKey, status)
      }),
    [queryClient],
  )
  return useQuery<VaultStatus, ApiError>({
    queryKey: vaultStatusQueryKey,
    queryFn: () => unwrap(managerApi().getVaultStatus({})),
  })
}

/** A call that answers with the new vault status, which then becomes what every screen shows. */
export function useVaultAction<TInput>(
  call: (input: TInput) => Promise<IpcResult<VaultStatus>>,
): UseMutationResult<VaultStatus, ApiError, TInput> {
  const queryClient = useQueryClient()
  return useMutation<VaultStatus, ApiError, TInput>({
    mutationFn: (input) => unwrap(call(input)),
    onSuccess: (status) => {
      queryClient.setQueryData(vaultStatusQueryKey, status)
    },
  })
}
