import { FolderInput, Tag, Trash2, X } from 'lucide-react'
import { useId, useState, type FormEvent } from 'react'
import type { Client } from '../../../shared/domain/accounts.ts'
import type { RequestOf } from '../../../shared/ipc/contract.ts'
import { managerApi, messageOf } from '../../shared/api.ts'
import { Button } from '../../shared/components/Button.tsx'
import { useToast } from '../../shared/components/Toasts.tsx'
import { plural } from '../../shared/format.ts'
import { useVaultMutation } from '../data/use-vault-mutation.ts'
import { parseTags } from '../detail/tags.ts'

type Editing = 'none' | 'client' | 'tags'

/** One step for many selected rows: give them a client or tags, or move them to the Trash. */
export function BulkActions({
  ids,
  clients,
  onClear,
  onDelete,
}: {
  ids: readonly string[]
  clients: readonly Client[]
  onClear: () => void
  onDelete: (ids: readonly string[]) => void
}) {
  const [editing, setEditing] = useState<Editing>('none')
  const [text, setText] = useState('')
  const toast = useToast()
  const inputId = useId()
  const listId = useId()
  const update = useVaultMutation((request: RequestOf<'accounts:bulk-update'>) =>
    managerApi().bulkUpdateAccounts(request),
  )

  function start(next: Editing) {
    setText('')
    setEditing(next)
  }

  function submit(event: FormEvent) {
    event.preventDefault()
    const chosen = [...ids]
    const request: RequestOf<'accounts:bulk-update'> =
      editing === 'client'
        ? { ids: chosen, clientName: text.trim() === '' ? null : text.trim() }
        : { ids: chosen, addTags: parseTags(text) }
    update.mutate(request, {
      onSuccess: ({ updated }) => {
        setEditing('none')
        toast({
          message:
            editing === 'client'
              ? request.clientName
                ? `Assigned ${plural(updated, 'account')} to ${request.clientName}`
                : `Removed the client from ${plural(updated, 'account')}`
              : `Tagged ${plural(updated, 'account')}`,
        })
      },
      onError: (error) => toast({ message: messageOf(error), tone: 'error' }),
    })
  }

  return (
    <section className="bulk-bar" aria-label="Selected accounts">
      <p className="bulk-count">
        <strong>{ids.length.toLocaleString()}</strong> selected
      </p>
      {editing === 'none' ? (
        <div className="actions">
          <Button
            variant="secondary"
            icon={<FolderInput aria-hidden="true" />}
            onClick={() => start('client')}
          >
            Assign client
          </Button>
          <Button variant="secondary" icon={<Tag aria-hidden="true" />} onClick={() => start('tags')}>
            Add tags
          </Button>
          <Button variant="secondary" icon={<Trash2 aria-hidden="true" />} onClick={() => onDelete(ids)}>
            Delete
          </Button>
          <Button variant="quiet" icon={<X aria-hidden="true" />} onClick={onClear}>
            Clear selection
          </Button>
        </div>
      ) : (
        <form className="bulk-form" onSubmit={submit}>
          <label htmlFor={inputId}>{editing === 'client' ? 'Client' : 'Tags (comma-separated)'}</label>
          <input
            id={inputId}
            className="input"
            autoFocus
            value={text}
            list={editing === 'client' ? listId : undefined}
            placeholder={editing === 'client' ? 'Client name; empty for none' : 'launch, paid'}
            onChange={(event) => setText(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Escape') {
                event.stopPropagation()
                setEditing('none')
              }
            }}
          />
          {editing === 'client' && (
            <datalist id={listId}>
              {clients.map((client) => (
                <option key={client.id} value={client.name} />
              ))}
            </datalist>
          )}
          <Button type="submit" busy={update.isPending}>
            {editing === 'client' ? 'Assign' : 'Add tags'}
          </Button>
          <Button variant="quiet" onClick={() => setEditing('none')}>
            Cancel
          </Button>
        </form>
      )}
    </section>
  )
}
