import { useId, type InputHTMLAttributes, type Ref } from 'react'

interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'onChange'> {
  label: string
  hint?: string
  ref?: Ref<HTMLInputElement>
  value: string
  onValueChange: (value: string) => void
  /** Monospaced, uppercase and spaced: for recovery keys. */
  code?: boolean
}

export function Field({ label, hint, value, onValueChange, code = false, className, ...rest }: FieldProps) {
  const id = useId()
  const hintId = `${id}-hint`
  return (
    <div className={['field', className].filter(Boolean).join(' ')}>
      <label htmlFor={id}>{label}</label>
      <input
        {...rest}
        id={id}
        value={value}
        onChange={(event) => onValueChange(event.target.value)}
        className={code ? 'input input-code' : 'input'}
        aria-describedby={hint ? hintId : undefined}
      />
      {hint && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
    </div>
  )
}
