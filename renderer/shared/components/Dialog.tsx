import * as RadixDialog from '@radix-ui/react-dialog'
import { X } from 'lucide-react'
import { useState, type ReactNode } from 'react'

/**
 * A modal dialog on Radix (focus trap, Esc, focus returned on close). Radix's own Overlay is left out
 * on purpose: it locks scrolling by injecting a <style> element, which the window's CSP refuses. The
 * backdrop here is a plain element; scrolling behind it does no harm.
 */
export function Dialog({
  open,
  onOpenChange,
  title,
  description,
  variant = 'centre',
  children,
  className,
  onCloseAutoFocus,
}: {
  open: boolean
  onOpenChange: (open: boolean) => void
  title: ReactNode
  description?: ReactNode
  /** A centred card, or a panel along the right edge for details beside the list. */
  variant?: 'centre' | 'side'
  children: ReactNode
  className?: string
  /** Focus returns to where it was before opening; call preventDefault to put it elsewhere. */
  onCloseAutoFocus?: (event: Event) => void
}) {
  // Radix hands focus back to a Dialog.Trigger; these dialogs open from rows, shortcuts and buttons
  // with no trigger, so focus goes back to wherever it was when the dialog appeared.
  const [returnFocusTo] = useState(() => document.activeElement)
  return (
    <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
      <RadixDialog.Portal>
        <div className="dialog-backdrop" aria-hidden="true" />
        <RadixDialog.Content
          className={['dialog', `dialog-${variant}`, className].filter(Boolean).join(' ')}
          {...(description ? {} : { 'aria-describedby': undefined })}
          onCloseAutoFocus={(event) => {
            onCloseAutoFocus?.(event)
            if (event.defaultPrevented) return
            event.preventDefault()
            if (returnFocusTo instanceof HTMLElement && returnFocusTo.isConnected) returnFocusTo.focus()
          }}
        >
          <header className="dialog-header">
            <RadixDialog.Title className="dialog-title">{title}</RadixDialog.Title>
            <RadixDialog.Close className="icon-button" aria-label="Close">
              <X aria-hidden="true" />
            </RadixDialog.Close>
          </header>
          {description && (
            <RadixDialog.Description className="dialog-description">{description}</RadixDialog.Description>
          )}
          <div className="dialog-body">{children}</div>
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  )
}
