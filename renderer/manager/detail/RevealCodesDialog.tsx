import { Eye } from 'lucide-react'
import { useEffect, useState, type FormEvent } from 'react'
import type { ResponseOf } from '../../../shared/ipc/contract.ts'
import { managerApi, unwrap, type ApiError } from '../../shared/api.ts'
import { Button } from '../../shared/components/Button.tsx'
import { Checkbox } from '../../shared/components/Checkbox.tsx'
import { Dialog } from '../../shared/components/Dialog.tsx'
import { ErrorMessage } from '../../shared/components/ErrorMessage.tsx'
import { Field } from '../../shared/components/Field.tsx'
import { formatDateTime } from '../../shared/format.ts'

type RevealedCodes = ResponseOf<'backup-codes:reveal'>['codes']

/**
 * The one place a whole secret list reaches the window: the vault password again (or an explicit
 * confirmation when the vault has none), then the set. It is kept in this component's state only, not
 * in the query cache, and dropped when the dialog closes or the vault locks.
 */
export function RevealCodesDialog({
  accountId,
  handle,
  passwordSlot,
  onClose,
}: {
  accountId: string
  handle: string
  passwordSlot: boolean
  onClose: () => void
}) {
  const [password, setPassword] = useState('')
  const [confirmed, setConfirmed] = useState(false)
  const [codes, setCodes] = useState<RevealedCodes | null>(null)
  const [error, setError] = useState<ApiError | string | null>(null)
  const [busy, setBusy] = useState(false)

  useEffect(
    () =>
      managerApi().onVaultStateChanged((status) => {
        if (status.state !== 'unlocked') setCodes(null)
      }),
    [],
  )

  async function submit(event: FormEvent) {
    event.preventDefault()
    setError(null)
    if (passwordSlot && password === '') return setError('Enter the vault password.')
    if (!passwordSlot && !confirmed) return setError('Tick the box to confirm first.')
    const typed = password
    setPassword('')
    setBusy(true)
    try {
      const revealed = await unwrap(
        managerApi().revealBackupCodes({
          accountId,
          confirm: true,
          ...(passwordSlot ? { password: typed } : {}),
        }),
      )
      setCodes(revealed.codes)
    } catch (failure) {
      setError(failure as ApiError)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()} title={`All backup codes for ${handle}`}>
      {codes === null ? (
        <form className="stack" onSubmit={(event) => void submit(event)} noValidate>
          <p className="lead">
            Every code of the current set will be shown. Anyone who sees them can get into the account.
          </p>
          {passwordSlot ? (
            <Field
              label="Vault password"
              type="password"
              autoComplete="current-password"
              autoFocus
              value={password}
              onValueChange={setPassword}
            />
          ) : (
            <Checkbox
              label="Show every backup code on screen"
              hint="Make sure no one else can see your screen."
              checked={confirmed}
              onCheckedChange={setConfirmed}
            />
          )}
          <ErrorMessage error={error} />
          <div className="actions">
            <Button type="submit" icon={<Eye aria-hidden="true" />} busy={busy}>
              Reveal codes
            </Button>
            <Button variant="quiet" onClick={onClose}>
              Cancel
            </Button>
          </div>
        </form>
      ) : (
        <div className="stack">
          <ol className="revealed-codes" aria-label="Backup codes">
            {codes.map((entry) => (
              <li key={entry.position} className={entry.usedAt ? 'is-used' : undefined}>
                <code>{entry.code}</code>
                <span className="small muted">
                  {entry.usedAt
                    ? `Used ${formatDateTime(entry.usedAt)}${entry.usedBy ? ` by ${entry.usedBy}` : ''}`
                    : 'Unused'}
                </span>
              </li>
            ))}
          </ol>
          <div className="actions">
            <Button onClick={onClose} autoFocus>
              Done
            </Button>
          </div>
        </div>
      )}
    </Dialog>
  )
}
