import { useId, useState, type FormEvent } from 'react'
import type { AccountSummary, Client } from '../../../shared/domain/accounts.ts'
import type { RequestOf } from '../../../shared/ipc/contract.ts'
import { managerApi } from '../../shared/api.ts'
import { Button } from '../../shared/components/Button.tsx'
import { ErrorMessage } from '../../shared/components/ErrorMessage.tsx'
import { Field } from '../../shared/components/Field.tsx'
import { platforms } from '../../shared/catalog/platforms.ts'
import { PhoneField } from '../add/PhoneField.tsx'
import { useVaultMutation } from '../data/use-vault-mutation.ts'
import { parseTags } from './tags.ts'

type Patch = RequestOf<'accounts:update'>['patch']

/** Edits what a person may change by hand; only the fields that changed are sent. */
export function EditAccountForm({
  account,
  clients,
  onDone,
}: {
  account: AccountSummary
  clients: readonly Client[]
  onDone: (saved: boolean) => void
}) {
  const offers = platforms[account.platform].methods
  const [handle, setHandle] = useState(account.handle)
  const [displayName, setDisplayName] = useState(account.displayName)
  const [clientName, setClientName] = useState(account.clientName ?? '')
  const [tags, setTags] = useState(account.tags.join(', '))
  const [notes, setNotes] = useState(account.notes)
  const [sms, setSms] = useState(account.methods.sms?.phone ?? '')
  const [whatsapp, setWhatsapp] = useState(account.methods.whatsapp?.phone ?? '')
  const notesId = useId()
  const clientListId = useId()
  const update = useVaultMutation((patch: Patch) => managerApi().updateAccount({ id: account.id, patch }))

  function submit(event: FormEvent) {
    event.preventDefault()
    const patch: Patch = {}
    if (handle.trim() !== account.handle) patch.handle = handle.trim()
    if (displayName.trim() !== account.displayName) patch.displayName = displayName.trim()
    if ((clientName.trim() || null) !== account.clientName) patch.clientName = clientName.trim() || null
    const newTags = parseTags(tags)
    if (newTags.join('\n') !== account.tags.join('\n')) patch.tags = newTags
    if (notes !== account.notes) patch.notes = notes
    // An emptied number switches the method off.
    if (sms.trim() !== (account.methods.sms?.phone ?? '')) patch.sms = sms.trim() || null
    if (whatsapp.trim() !== (account.methods.whatsapp?.phone ?? '')) patch.whatsapp = whatsapp.trim() || null
    if (Object.keys(patch).length === 0) return onDone(false)
    update.mutate(patch, { onSuccess: () => onDone(true) })
  }

  return (
    <form className="stack" onSubmit={submit} noValidate aria-label="Edit account">
      <Field label="Handle" value={handle} onValueChange={setHandle} required autoFocus />
      <Field label="Display name" value={displayName} onValueChange={setDisplayName} />
      <Field
        label="Client"
        hint="A new name creates the client. Leave empty for none."
        value={clientName}
        onValueChange={setClientName}
        list={clientListId}
      />
      <datalist id={clientListId}>
        {clients.map((client) => (
          <option key={client.id} value={client.name} />
        ))}
      </datalist>
      <Field label="Tags" hint="Separate tags with commas." value={tags} onValueChange={setTags} />
      <div className="field">
        <label htmlFor={notesId}>Notes</label>
        <textarea
          id={notesId}
          className="input textarea"
          rows={3}
          value={notes}
          onChange={(event) => setNotes(event.target.value)}
        />
      </div>
      {offers.includes('sms') && (
        <PhoneField
          label="SMS number"
          value={sms}
          onValueChange={setSms}
          hint="Empty switches SMS codes off."
        />
      )}
      {offers.includes('whatsapp') && (
        <PhoneField
          label="WhatsApp number"
          value={whatsapp}
          onValueChange={setWhatsapp}
          hint="Empty switches WhatsApp codes off."
        />
      )}
      <ErrorMessage error={update.error} />
      <div className="actions">
        <Button type="submit" busy={update.isPending}>
          Save changes
        </Button>
        <Button variant="quiet" onClick={() => onDone(false)}>
          Cancel
        </Button>
      </div>
    </form>
  )
}
