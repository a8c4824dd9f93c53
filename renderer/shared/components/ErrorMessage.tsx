import { CircleAlert } from 'lucide-react'
import { messageOf } from '../api.ts'

/** The failure in words, announced to screen readers as it appears. Renders nothing without one. */
export function ErrorMessage({ error }: { error: unknown }) {
  if (error === null || error === undefined) return null
  const message = typeof error === 'string' ? error : messageOf(error)
  return (
    <p role="alert" className="message message-error">
      <CircleAlert aria-hidden="true" className="message-icon" />
      <span>{message}</span>
    </p>
  )
}
