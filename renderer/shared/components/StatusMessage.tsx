import { CircleCheck } from 'lucide-react'

/** A quiet confirmation ("Password changed."), announced politely. */
export function StatusMessage({ children }: { children: string | null }) {
  return (
    <p role="status" className={children ? 'message message-success' : 'visually-hidden'}>
      {children && <CircleCheck aria-hidden="true" className="message-icon" />}
      <span>{children}</span>
    </p>
  )
}
