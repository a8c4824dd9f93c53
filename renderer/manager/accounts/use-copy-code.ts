import { useQueryClient } from '@tanstack/react-query'
import { useCallback } from 'react'
import type { AccountSummary } from '../../../shared/domain/accounts.ts'
import { managerApi, messageOf, unwrap } from '../../shared/api.ts'
import { useToast } from '../../shared/components/Toasts.tsx'
import { queryKeys } from '../data/query-keys.ts'

/**
 * Copies an account's code through main, which owns the clipboard and records the use. When main hands
 * over the next period's code (the current one was about to expire), the toast says so: otherwise the
 * code on the clipboard would not match the one on screen and people would think it wrong. A plain
 * call rather than a mutation: the answer holds the code, and the mutation cache would keep it.
 */
export function useCopyCode(onCopied: () => void): (account: AccountSummary) => void {
  const toast = useToast()
  const queryClient = useQueryClient()
  const copy = useCallback(
    async (account: AccountSummary) => {
      if (!account.methods.authenticator) {
        toast({ message: `${account.handle} has no authenticator app code to copy.`, tone: 'error' })
        return
      }
      const period = account.methods.authenticator.period
      try {
        const { next, validUntil } = await unwrap(managerApi().copyCode({ accountId: account.id }))
        onCopied()
        if (next && validUntil !== null) {
          const currentEndsAt = validUntil - period * 1000
          const seconds = Math.max(1, Math.ceil((currentEndsAt - Date.now()) / 1000))
          toast({ message: `Copied the next code — the current one expires in ${seconds} s` })
        } else {
          toast({ message: `Copied the code for ${account.handle}` })
        }
      } catch (error) {
        toast({ message: messageOf(error), tone: 'error' })
      }
      await queryClient.invalidateQueries({ queryKey: queryKeys.auditPrefix })
    },
    [onCopied, queryClient, toast],
  )
  return useCallback((account: AccountSummary) => void copy(account), [copy])
}
