import { RotateCcw } from 'lucide-react'
import { managerApi, messageOf } from '../../shared/api.ts'
import { Button } from '../../shared/components/Button.tsx'
import { ErrorMessage } from '../../shared/components/ErrorMessage.tsx'
import { useToast } from '../../shared/components/Toasts.tsx'
import { formatDate, formatDateTime } from '../../shared/format.ts'
import { useTrash } from '../data/queries.ts'
import { useVaultMutation } from '../data/use-vault-mutation.ts'

/** Deleted accounts, restorable until the trash empties itself of them. */
export function TrashView() {
  const trash = useTrash()
  const toast = useToast()
  const restore = useVaultMutation((ids: string[]) => managerApi().restoreAccounts({ ids }))

  return (
    <section className="view trash-view" aria-labelledby="view-title">
      <header className="view-header">
        <h1 id="view-title">Trash</h1>
        <p className="muted small">Deleted accounts stay here for 30 days, then are removed for good.</p>
      </header>
      <ErrorMessage error={trash.error} />
      <div className="view-scroll">
        {trash.data && trash.data.length === 0 ? (
          <p className="muted empty-state">The trash is empty.</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Account</th>
                <th scope="col">Client</th>
                <th scope="col">Deleted</th>
                <th scope="col">Removed for good</th>
                <th scope="col">
                  <span className="visually-hidden">Restore</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {(trash.data ?? []).map((account) => (
                <tr key={account.id}>
                  <th scope="row">{account.handle}</th>
                  <td>{account.clientName ?? 'Unassigned'}</td>
                  <td>{formatDateTime(account.deletedAt)}</td>
                  <td>{formatDate(account.purgeAt)}</td>
                  <td>
                    <Button
                      variant="secondary"
                      className="button-small"
                      icon={<RotateCcw aria-hidden="true" />}
                      aria-label={`Restore ${account.handle}`}
                      onClick={() =>
                        restore.mutate([account.id], {
                          onSuccess: () => toast({ message: `Restored ${account.handle}` }),
                          onError: (error) => toast({ message: messageOf(error), tone: 'error' }),
                        })
                      }
                    >
                      Restore
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  )
}
