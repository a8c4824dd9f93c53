import { useId } from 'react'
import { messageOf } from '../../shared/api.ts'
import { useDebouncedValue } from '../../shared/use-debounced-value.ts'
import { usePhoneReading } from '../data/queries.ts'

const TYPING_PAUSE_MS = 250

/**
 * A phone number field that shows, as people type, how the core reads it: the number it will save
 * (so a missing country code is caught before saving) or why it is not a number.
 */
export function PhoneField({
  label,
  value,
  onValueChange,
  hint,
}: {
  label: string
  value: string
  onValueChange: (value: string) => void
  hint?: string
}) {
  const id = useId()
  const settled = useDebouncedValue(value, TYPING_PAUSE_MS)
  const reading = usePhoneReading(settled)
  const typing = settled !== value
  const empty = value.trim() === ''

  let feedback: { tone: 'ok' | 'error' | 'muted'; text: string } | null = null
  if (!empty && !typing && reading.isError) feedback = { tone: 'error', text: messageOf(reading.error) }
  else if (!empty && !typing && reading.data)
    feedback = {
      tone: 'ok',
      text: `Saved as ${reading.data.e164}${reading.data.country ? ` (${reading.data.country})` : ''}`,
    }
  else if (hint) feedback = { tone: 'muted', text: hint }

  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className="input"
        type="tel"
        autoComplete="off"
        value={value}
        onChange={(event) => onValueChange(event.target.value)}
        aria-describedby={`${id}-reading`}
        aria-invalid={feedback?.tone === 'error' || undefined}
      />
      <p
        id={`${id}-reading`}
        className={`field-hint phone-reading phone-${feedback?.tone ?? 'muted'}`}
        aria-live="polite"
      >
        {feedback?.text}
      </p>
    </div>
  )
}
