import { useCallback } from 'react'
import type { AccountSummary } from '../../../shared/domain/accounts.ts'
import { managerApi, messageOf } from '../../shared/api.ts'
import { useToast } from '../../shared/components/Toasts.tsx'
import { useVaultMutation } from '../data/use-vault-mutation.ts'

/**
 * Copies an account's code through main, which owns the clipboard and records the use. When main hands
 * over the next period's code (the current one was about to expire), the toast says so: otherwise the
 * code on the clipboard would not match the one on screen and people would think it wrong.
 */
export function useCopyCode(onCopied: () => void): (account: AccountSummary) => void {
  const toast = useToast()
  const { mutate } = useVaultMutation(
    (accountId: string) => managerApi().copyCode({ accountId }),
    'audit-only',
  )
  return useCallback(
    (account: AccountSummary) => {
      if (!account.methods.authenticator) {
        toast({ message: `${account.handle} has no authenticator app code to copy.`, tone: 'error' })
        return
      }
      const period = account.methods.authenticator.period
      mutate(account.id, {
        onSuccess: ({ next, validUntil }) => {
          onCopied()
          if (next && validUntil !== null) {
            const currentEndsAt = validUntil - period * 1000
            const seconds = Math.max(1, Math.ceil((currentEndsAt - Date.now()) / 1000))
            toast({ message: `Copied the next code — the current one expires in ${seconds} s` })
          } else {
            toast({ message: `Copied the code for ${account.handle}` })
          }
        },
        onError: (error) => toast({ message: messageOf(error), tone: 'error' }),
      })
    },
    [mutate, onCopied, toast],
  )
}
