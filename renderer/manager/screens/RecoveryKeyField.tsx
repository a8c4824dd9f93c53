import { useEffect, useId, useRef } from 'react'
import { ErrorMessage } from '../../shared/components/ErrorMessage.tsx'

export const RECOVERY_KEY_ONCE =
  'This vault was made by an earlier Twofold. To change its password, enter your recovery key too (only this once).'

/**
 * The recovery key a vault from before key rotation needs for one password change. Its explanation
 * and any failure are its description, and focus returns to it after each failure, so someone using a
 * screen reader hears why it is asked for and what went wrong.
 */
export function RecoveryKeyField({
  value,
  onValueChange,
  error,
}: {
  value: string
  onValueChange: (value: string) => void
  error: unknown
}) {
  const id = useId()
  const input = useRef<HTMLInputElement>(null)
  const hasError = error !== null && error !== undefined
  useEffect(() => {
    input.current?.focus()
  }, [error])
  return (
    <div className="field">
      <label htmlFor={id}>Recovery key</label>
      <input
        ref={input}
        id={id}
        className="input input-code"
        placeholder="XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX"
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
        required
        value={value}
        onChange={(event) => onValueChange(event.target.value)}
        aria-invalid={hasError || undefined}
        aria-describedby={hasError ? `${id}-hint ${id}-error` : `${id}-hint`}
      />
      <p id={`${id}-hint`} className="field-hint">
        {RECOVERY_KEY_ONCE}
      </p>
      <div id={`${id}-error`}>
        <ErrorMessage error={error} />
      </div>
    </div>
  )
}
