import { Eye, EyeOff } from 'lucide-react'
import { useState } from 'react'
import { usePhoneReading } from '../data/queries.ts'

/**
 * A stored number, masked as the core masks it ("+44 ••• ••• 3456") until Show is pressed: numbers are
 * not secrets, but a screen shared on a call should not hand them out.
 */
export function PhoneValue({ phone, label }: { phone: string; label: string }) {
  const [shown, setShown] = useState(false)
  const reading = usePhoneReading(phone)
  const masked = reading.data?.masked ?? `•••• ${phone.slice(-2)}`
  return (
    <span className="phone-value">
      <span className="phone-number" data-testid="phone-number">
        {shown ? phone : masked}
      </span>
      <button
        type="button"
        className="button button-quiet button-small"
        aria-label={`${shown ? 'Hide' : 'Show'} ${label} number`}
        onClick={() => setShown((value) => !value)}
      >
        {shown ? <EyeOff aria-hidden="true" /> : <Eye aria-hidden="true" />}
        <span aria-hidden="true">{shown ? 'Hide' : 'Show'}</span>
      </button>
    </span>
  )
}
