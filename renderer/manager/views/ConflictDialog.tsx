import { useQuery } from '@tanstack/react-query'
import { useId, useState } from 'react'
import type {
  ConflictField,
  ConflictSide,
  ConflictValue,
  TeamConflictView,
} from '../../../shared/domain/team-conflict-view.ts'
import { managerApi, unwrap } from '../../shared/api.ts'
import { Button } from '../../shared/components/Button.tsx'
import { Dialog } from '../../shared/components/Dialog.tsx'
import { ErrorMessage } from '../../shared/components/ErrorMessage.tsx'
import { useToast } from '../../shared/components/Toasts.tsx'
import { formatDateTime } from '../../shared/format.ts'
import { queryKeys } from '../data/query-keys.ts'
import { useVaultMutation } from '../data/use-vault-mutation.ts'

const FIELD_LABELS: Record<ConflictField, string> = {
  platform: 'Platform',
  handle: 'Handle',
  displayName: 'Display name',
  issuer: 'Issuer',
  label: 'Label',
  notes: 'Notes',
  tags: 'Tags',
  secret: 'Authenticator',
  sms: 'SMS number',
  whatsapp: 'WhatsApp number',
}

const SIDES: { side: ConflictSide; heading: string }[] = [
  { side: 'mine', heading: 'This device' },
  { side: 'theirs', heading: 'The other device' },
]

/**
 * A `sync-conflict`: the two versions side by side, one row per field they differ in, a choice per
 * row. A secret is never in the window: each version shows the code it gives now, to check against
 * the service. The choice is written here and pushed like any edit, so every device ends with it.
 */
export function ConflictDialog({ accountId, onClose }: { accountId: string; onClose: () => void }) {
  const conflict = useQuery({
    queryKey: [...queryKeys.team, 'conflict', accountId],
    queryFn: () => unwrap(managerApi().getTeamConflict({ accountId })),
    // Codes move on every period: the shown ones stay current while the person compares.
    refetchInterval: 5_000,
  })
  const view = conflict.data
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={view ? `Choose a version of ${view.handle}` : 'Choose a version'}
      description={
        view
          ? `Changed on two devices at once (since ${formatDateTime(view.since)}). Pick, for each field, the value to keep; every device gets it at the next sync.`
          : undefined
      }
      className="conflict-dialog"
    >
      {conflict.isPending ? (
        <p className="muted">Loading both versions…</p>
      ) : view ? (
        <ConflictChoices view={view} onDone={onClose} />
      ) : (
        <ErrorMessage error={conflict.error} />
      )}
    </Dialog>
  )
}

function ConflictChoices({ view, onDone }: { view: TeamConflictView; onDone: () => void }) {
  const id = useId()
  const toast = useToast()
  const [chosen, setChosen] = useState<Partial<Record<ConflictField, ConflictSide>>>({})
  const resolve = useVaultMutation((choice: Partial<Record<ConflictField, ConflictSide>>) =>
    managerApi().resolveTeamConflict({ accountId: view.accountId, choice: { fields: choice } }),
  )
  const complete = view.fields.every((entry) => chosen[entry.field] !== undefined)
  const chooseAll = (side: ConflictSide) =>
    setChosen(Object.fromEntries(view.fields.map((entry) => [entry.field, side])))

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault()
        if (!complete) return
        resolve.mutate(chosen, {
          onSuccess: () => {
            toast({ message: `Kept your choice for ${view.handle}: every device gets it at the next sync.` })
            onDone()
          },
        })
      }}
    >
      {view.inTrash && (
        <p className="notice small">
          This account is in the trash; it stays there with the version you keep.
        </p>
      )}
      <div className="conflict-grid">
        <span aria-hidden="true" />
        {SIDES.map(({ side, heading }) => (
          <span key={side} className="conflict-heading" aria-hidden="true">
            {heading}
          </span>
        ))}
      </div>
      {view.fields.map((entry) => (
        <fieldset
          key={entry.field}
          className="conflict-grid conflict-row"
          data-testid={`conflict-${entry.field}`}
        >
          <legend className="conflict-field">{FIELD_LABELS[entry.field]}</legend>
          {SIDES.map(({ side, heading }) => (
            <label key={side} className="conflict-option">
              <input
                type="radio"
                name={`${id}-${entry.field}`}
                value={side}
                checked={chosen[entry.field] === side}
                onChange={() => setChosen((previous) => ({ ...previous, [entry.field]: side }))}
              />
              <span>
                <span className="visually-hidden">{heading}: </span>
                <ShownValue value={entry[side]} />
              </span>
            </label>
          ))}
        </fieldset>
      ))}
      <div className="actions conflict-shortcuts">
        <Button variant="quiet" className="button-small" onClick={() => chooseAll('mine')}>
          Choose all from this device
        </Button>
        <Button variant="quiet" className="button-small" onClick={() => chooseAll('theirs')}>
          Choose all from the other device
        </Button>
      </div>
      <ErrorMessage error={resolve.error} />
      <div className="actions">
        <Button type="submit" busy={resolve.isPending} disabled={!complete}>
          Keep the chosen version
        </Button>
        <Button variant="quiet" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  )
}

function ShownValue({ value }: { value: ConflictValue }) {
  switch (value.kind) {
    case 'text':
      return value.text === '' ? (
        <span className="muted">(empty)</span>
      ) : (
        <span className="conflict-text">{value.text}</span>
      )
    case 'tags':
      return value.tags.length === 0 ? (
        <span className="muted">(no tags)</span>
      ) : (
        <span>{value.tags.join(', ')}</span>
      )
    case 'phone':
      return value.phone ? (
        <span>
          {value.phone.number}
          {value.phone.verifiedAt ? <span className="muted small"> · verified</span> : null}
        </span>
      ) : (
        <span className="muted">(none)</span>
      )
    case 'authenticator': {
      const otp = value.authenticator
      if (!otp) return <span className="muted">(no authenticator)</span>
      const timing = otp.type === 'hotp' ? `counter ${otp.counter}` : `${otp.period} s`
      return (
        <span>
          Code <span className="conflict-code">{otp.code}</span>
          <span className="muted small">
            {' '}
            · {otp.type.toUpperCase()}, {otp.algorithm}, {otp.digits} digits, {timing}
          </span>
        </span>
      )
    }
  }
}
