import { X } from 'lucide-react'
import { createContext, use, useCallback, useEffect, useRef, useState, type ReactNode } from 'react'

export interface ToastInput {
  message: string
  tone?: 'info' | 'error'
  /** Undo and the like: offered only while the toast is up. */
  action?: { label: string; run: () => void }
  durationMs?: number
}

interface Toast extends ToastInput {
  id: number
}

type ShowToast = (toast: ToastInput) => void

const ToastContext = createContext<ShowToast | null>(null)
const DEFAULT_DURATION_MS = 6_000
const ACTION_DURATION_MS = 8_000

/**
 * Short confirmations ("Copied", "Moved to Trash" with Undo) in one polite live region at the bottom of
 * the window. They come last in the tab order, so an Undo is a few Tabs away from anywhere.
 */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([])
  const nextId = useRef(1)

  const dismiss = useCallback((id: number) => {
    setToasts((current) => current.filter((toast) => toast.id !== id))
  }, [])

  const show = useCallback<ShowToast>((toast) => {
    const id = nextId.current++
    // Three at most: older confirmations are stale once newer ones arrive.
    setToasts((current) => [...current.slice(-2), { ...toast, id }])
  }, [])

  return (
    <ToastContext value={show}>
      {children}
      <section className="toasts" aria-label="Notifications">
        <div role="status" aria-live="polite" className="toast-list">
          {toasts.map((toast) => (
            <ToastItem key={toast.id} toast={toast} onDismiss={dismiss} />
          ))}
        </div>
      </section>
    </ToastContext>
  )
}

function ToastItem({ toast, onDismiss }: { toast: Toast; onDismiss: (id: number) => void }) {
  const duration = toast.durationMs ?? (toast.action ? ACTION_DURATION_MS : DEFAULT_DURATION_MS)
  const [hovered, setHovered] = useState(false)
  useEffect(() => {
    // A pointer resting on the toast means someone is reading it or reaching for Undo.
    if (hovered) return
    const timer = window.setTimeout(() => onDismiss(toast.id), duration)
    return () => window.clearTimeout(timer)
  }, [duration, hovered, onDismiss, toast.id])

  return (
    <div
      className={`toast toast-${toast.tone ?? 'info'}`}
      data-testid="toast"
      onPointerEnter={() => setHovered(true)}
      onPointerLeave={() => setHovered(false)}
    >
      <span className="toast-message">{toast.message}</span>
      {toast.action && (
        <button
          type="button"
          className="button button-quiet toast-action"
          onClick={() => {
            toast.action?.run()
            onDismiss(toast.id)
          }}
        >
          {toast.action.label}
        </button>
      )}
      <button
        type="button"
        className="icon-button"
        aria-label="Dismiss notification"
        onClick={() => onDismiss(toast.id)}
      >
        <X aria-hidden="true" />
      </button>
    </div>
  )
}

export function useToast(): ShowToast {
  const show = use(ToastContext)
  if (!show) throw new Error('useToast needs a ToastProvider above it.')
  return show
}
