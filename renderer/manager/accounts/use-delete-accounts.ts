import { useCallback } from 'react'
import { managerApi, messageOf } from '../../shared/api.ts'
import { useToast } from '../../shared/components/Toasts.tsx'
import { plural } from '../../shared/format.ts'
import { useVaultMutation } from '../data/use-vault-mutation.ts'

/**
 * Deleting moves accounts to the Trash at once, with Undo offered right after: no "are you sure?"
 * dialog to click through, and nothing lost to a slip of the Delete key.
 */
export function useDeleteAccounts(): (ids: readonly string[], onDone?: () => void) => void {
  const toast = useToast()
  const { mutate: trash } = useVaultMutation((ids: string[]) => managerApi().deleteAccounts({ ids }))
  const { mutate: restore } = useVaultMutation((ids: string[]) => managerApi().restoreAccounts({ ids }))

  return useCallback(
    (ids: readonly string[], onDone?: () => void) => {
      const chosen = [...ids]
      if (chosen.length === 0) return
      trash(chosen, {
        onSuccess: () => {
          onDone?.()
          toast({
            message: `Moved ${plural(chosen.length, 'account')} to Trash`,
            action: {
              label: 'Undo',
              run: () =>
                restore(chosen, {
                  onSuccess: () => toast({ message: `Restored ${plural(chosen.length, 'account')}` }),
                  onError: (error) => toast({ message: messageOf(error), tone: 'error' }),
                }),
            },
          })
        },
        onError: (error) => toast({ message: messageOf(error), tone: 'error' }),
      })
    },
    [restore, toast, trash],
  )
}
