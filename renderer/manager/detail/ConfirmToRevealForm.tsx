import { useState, type FormEvent, type ReactNode } from 'react'
import type { ApiError } from '../../shared/api.ts'
import { Button } from '../../shared/components/Button.tsx'
import { ErrorMessage } from '../../shared/components/ErrorMessage.tsx'
import { Field } from '../../shared/components/Field.tsx'

/**
 * The window's half of the gate in front of every secret shown on screen: the vault password again,
 * when the vault has one. The other half is main's own system dialog, which this page can neither see
 * nor answer. The typed password is cleared before the call, so it never outlives it.
 */
export function ConfirmToRevealForm({
  passwordSlot,
  lead,
  submitLabel,
  submitIcon,
  reveal,
  onCancel,
}: {
  passwordSlot: boolean
  lead: string
  submitLabel: string
  submitIcon: ReactNode
  /** Asks main for the secret; rejects with the core's error (a wrong password, say). */
  reveal: (password: string | undefined) => Promise<void>
  onCancel: () => void
}) {
  const [password, setPassword] = useState('')
  const [error, setError] = useState<ApiError | string | null>(null)
  const [busy, setBusy] = useState(false)

  async function submit(event: FormEvent) {
    event.preventDefault()
    setError(null)
    if (passwordSlot && password === '') return setError('Enter the vault password.')
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
      {passwordSlot && (
        <Field
          label="Vault password"
          type="password"
          autoComplete="current-password"
          autoFocus
          value={password}
          onValueChange={setPassword}
        />
      )}
      <p className="field-hint">
        Twofold then asks you to confirm in a system dialog. Make sure no one else can see your screen.
      </p>
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
