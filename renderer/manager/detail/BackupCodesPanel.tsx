import { Eye, ListRestart, Plus, TicketCheck } from 'lucide-react'
import { useId, useState, type FormEvent } from 'react'
import type { AccountSummary } from '../../../shared/domain/accounts.ts'
import { managerApi } from '../../shared/api.ts'
import { platforms } from '../../shared/catalog/platforms.ts'
import { Button } from '../../shared/components/Button.tsx'
import { ErrorMessage } from '../../shared/components/ErrorMessage.tsx'
import { useToast } from '../../shared/components/Toasts.tsx'
import { formatDate } from '../../shared/format.ts'
import { useVaultMutation } from '../data/use-vault-mutation.ts'
import { RevealCodesDialog } from './RevealCodesDialog.tsx'
import { UsedCodeDialog, type UsedCode } from './UsedCodeDialog.tsx'

/**
 * The account's backup codes as counts and dates; a code itself appears only when one is used (Use
 * next) or the whole set is revealed behind the password.
 */
export function BackupCodesPanel({
  account,
  passwordSlot,
}: {
  account: AccountSummary
  passwordSlot: boolean
}) {
  const status = account.methods.backupCodes
  // A team account's set is on the team server: one code per person, never shown whole, never put back.
  const shared = status?.shared === true
  const [editing, setEditing] = useState(false)
  const [revealing, setRevealing] = useState(false)
  const [used, setUsed] = useState<UsedCode | null>(null)
  const takeNext = useVaultMutation(() => managerApi().useNextBackupCode({ accountId: account.id }), {
    holdsSecrets: true,
  })

  return (
    <section className="detail-section" aria-labelledby="backup-heading">
      <h3 id="backup-heading">Backup codes</h3>
      {status ? (
        <>
          <p className="backup-count">
            <strong data-testid="backup-remaining">
              {status.unused} of {status.total} left
            </strong>
            <span className="muted small">
              {' '}
              · {status.used} used
              {status.replacedAt
                ? ` · replaced ${formatDate(status.replacedAt)}`
                : status.addedAt
                  ? ` · added ${formatDate(status.addedAt)}`
                  : ''}
            </span>
          </p>
          {shared && (
            <p className="muted small" data-testid="backup-shared">
              Shared with the team: each code goes to one person. Use next claims one on the team server, so
              the set is never shown whole and a use cannot be undone.
            </p>
          )}
          <div className="actions">
            <Button
              icon={<TicketCheck aria-hidden="true" />}
              disabled={status.unused === 0}
              busy={takeNext.isPending}
              onClick={() =>
                takeNext.mutate(undefined, {
                  onSuccess: (result) =>
                    setUsed({ ...result, accountId: account.id, handle: account.handle, shared }),
                })
              }
            >
              Use next
            </Button>
            {!shared && (
              <Button
                variant="secondary"
                icon={<Eye aria-hidden="true" />}
                onClick={() => setRevealing(true)}
              >
                Reveal all
              </Button>
            )}
            <Button
              variant="quiet"
              icon={<ListRestart aria-hidden="true" />}
              onClick={() => setEditing(true)}
            >
              Replace set
            </Button>
          </div>
        </>
      ) : (
        !editing && (
          <div className="actions">
            <p className="muted">No backup codes saved.</p>
            <Button variant="secondary" icon={<Plus aria-hidden="true" />} onClick={() => setEditing(true)}>
              Add backup codes
            </Button>
          </div>
        )
      )}
      <ErrorMessage error={takeNext.error} />
      {editing && (
        <BackupCodesForm account={account} replacing={status !== null} onDone={() => setEditing(false)} />
      )}
      {used && (
        <UsedCodeDialog
          used={used}
          onClose={() => {
            // The code leaves the screen, so it leaves the window: dialog state and mutation alike.
            setUsed(null)
            takeNext.reset()
          }}
        />
      )}
      {revealing && (
        <RevealCodesDialog
          accountId={account.id}
          handle={account.handle}
          passwordSlot={passwordSlot}
          onClose={() => setRevealing(false)}
        />
      )}
    </section>
  )
}

function BackupCodesForm({
  account,
  replacing,
  onDone,
}: {
  account: AccountSummary
  replacing: boolean
  onDone: () => void
}) {
  const [text, setText] = useState('')
  const id = useId()
  const toast = useToast()
  const save = useVaultMutation(
    (codes: string) => managerApi().setBackupCodes({ accountId: account.id, text: codes }),
    { holdsSecrets: true },
  )
  const facts = platforms[account.platform]
  const expected =
    facts.backupCodeLength === null
      ? 'Paste them in any layout.'
      : `${facts.name} codes have ${facts.backupCodeLength} digits; paste them in any layout, spaces and numbering are ignored.`

  function submit(event: FormEvent) {
    event.preventDefault()
    save.mutate(text, {
      onSuccess: ({ account: saved }) => {
        setText('')
        toast({ message: `Saved ${saved.methods.backupCodes?.total ?? 0} backup codes for ${saved.handle}` })
        onDone()
      },
    })
  }

  return (
    <form className="stack inset-form" onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor={id}>{replacing ? 'New backup codes' : 'Backup codes'}</label>
        <textarea
          id={id}
          className="input textarea mono"
          rows={5}
          autoFocus
          spellCheck={false}
          value={text}
          onChange={(event) => setText(event.target.value)}
          aria-describedby={`${id}-hint`}
        />
        <p id={`${id}-hint`} className="field-hint">
          {expected}
          {replacing && ' The new set replaces the old one, as it does on the service.'}
        </p>
      </div>
      <ErrorMessage error={save.error} />
      <div className="actions">
        <Button type="submit" busy={save.isPending} disabled={text.trim() === ''}>
          {replacing ? 'Replace codes' : 'Save codes'}
        </Button>
        <Button variant="quiet" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  )
}
