import { useState, type FormEvent, type ReactNode } from 'react'
import type { ApiError } from '../../shared/api.ts'
import { Button } from '../../shared/components/Button.tsx'
import { Checkbox } from '../../shared/components/Checkbox.tsx'
import { ErrorMessage } from '../../shared/components/ErrorMessage.tsx'
import { Field } from '../../shared/components/Field.tsx'

/**
 * The gate in front of every secret shown on screen: the vault password again, or an explicit tick
 * when the vault has none. The typed password is cleared before the call, so it never outlives it.
 */
export function ConfirmToRevealForm({
  passwordSlot,
  lead,
  confirmLabel,
  submitLabel,
  submitIcon,
  reveal,
  onCancel,
}: {
  passwordSlot: boolean
  lead: string
  /** The tick's words when the vault has no password. */
  confirmLabel: string
  submitLabel: string
  submitIcon: ReactNode
  /** Asks main for the secret; rejects with the core's error (a wrong password, say). */
  reveal: (password: string | undefined) => Promise<void>
  onCancel: () => void
}) {
  const [password, setPassword] = useState('')
  const [confirmed, setConfirmed] = useState(false)
  const [error, setError] = useState<ApiError | string | null>(null)
  const [busy, setBusy] = useState(false)

  async function submit(event: FormEvent) {
    event.preventDefault()
    setError(null)
    if (passwordSlot && password === '') return setError('Enter the vault password.')
    if (!passwordSlot && !confirmed) return setError('Tick the box to confirm first.')
    const typed = password
    setPassword('')
    setBusy(true)
    try {
      await reveal(passwordSlot ? typed : undefined)
    } catch (failure) {
      setError(failure as ApiError)
    } finally {
      setBusy(false)
    }
  }

  return (
    <form className="stack" onSubmit={(event) => void submit(event)} noValidate>
      <p className="lead">{lead}</p>
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
          label={confirmLabel}
          hint="Make sure no one else can see your screen."
          checked={confirmed}
          onCheckedChange={setConfirmed}
        />
      )}
      <ErrorMessage error={error} />
      <div className="actions">
        <Button type="submit" icon={submitIcon} busy={busy}>
          {submitLabel}
        </Button>
        <Button variant="quiet" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  )
}
