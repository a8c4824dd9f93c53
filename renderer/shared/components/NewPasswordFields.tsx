import { NEW_PASSWORD_HINT } from '../password-rules.ts'
import { Field } from './Field.tsx'

export interface NewPassword {
  password: string
  confirmation: string
}

export const emptyNewPassword: NewPassword = { password: '', confirmation: '' }

/** A new password typed twice, with the length rule stated next to it. */
export function NewPasswordFields({
  value,
  onChange,
  label = 'Password',
  autoFocus = false,
}: {
  value: NewPassword
  onChange: (value: NewPassword) => void
  label?: string
  autoFocus?: boolean
}) {
  return (
    <>
      <Field
        label={label}
        type="password"
        autoComplete="new-password"
        hint={NEW_PASSWORD_HINT}
        value={value.password}
        onValueChange={(password) => onChange({ ...value, password })}
        autoFocus={autoFocus}
        required
      />
      <Field
        label={`Confirm ${label.toLowerCase()}`}
        type="password"
        autoComplete="new-password"
        value={value.confirmation}
        onValueChange={(confirmation) => onChange({ ...value, confirmation })}
        required
      />
    </>
  )
}
