import { useEffect, useEffectEvent } from 'react'

/**
 * Single-key shortcuts for the whole window: `/` to search, `n` to add. They stay out of the way
 * whenever a key means something where it was pressed: in a text field, with a modifier held, or while
 * a dialog is open (Esc there belongs to the dialog).
 */
export function useGlobalShortcuts(handlers: { onSearch: () => void; onAdd: () => void }): void {
  const onKey = useEffectEvent((event: KeyboardEvent) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return
    if (isTypingTarget(event.target) || document.querySelector('[role="dialog"], [role="alertdialog"]'))
      return
    if (event.key === '/') {
      event.preventDefault()
      handlers.onSearch()
    } else if (event.key === 'n' || event.key === 'N') {
      event.preventDefault()
      handlers.onAdd()
    }
  })
  useEffect(() => {
    const listener = (event: KeyboardEvent) => onKey(event)
    window.addEventListener('keydown', listener)
    return () => window.removeEventListener('keydown', listener)
  }, [])
}

function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  if (target.isContentEditable) return true
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true
  if (target instanceof HTMLInputElement) {
    return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(target.type)
  }
  return false
}
