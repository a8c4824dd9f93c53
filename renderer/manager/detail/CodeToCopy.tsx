import { Copy } from 'lucide-react'
import { useRef, useState } from 'react'
import { Button } from '../../shared/components/Button.tsx'

/**
 * A code the person asked to see, with a Copy button when the page may write the clipboard. Inside a
 * sandboxed window it may not; then the button selects the code instead, for Ctrl+C.
 */
export function CodeToCopy({ code, label }: { code: string; label: string }) {
  const text = useRef<HTMLOutputElement>(null)
  const [note, setNote] = useState<string | null>(null)

  function selectCode() {
    const node = text.current
    const selection = window.getSelection()
    if (!node || !selection) return
    const range = document.createRange()
    range.selectNodeContents(node)
    selection.removeAllRanges()
    selection.addRange(range)
  }

  async function copy() {
    try {
      if (!navigator.clipboard?.writeText) throw new Error('no clipboard')
      await navigator.clipboard.writeText(code)
      setNote('Copied.')
    } catch {
      selectCode()
      setNote('Selected: press Ctrl+C (⌘C on a Mac) to copy.')
    }
  }

  return (
    <div className="code-to-copy">
      <output className="big-code" ref={text} aria-label={label} data-testid="revealed-code">
        {code}
      </output>
      <Button variant="secondary" icon={<Copy aria-hidden="true" />} onClick={() => void copy()}>
        Copy
      </Button>
      <p className="muted small" role="status">
        {note}
      </p>
    </div>
  )
}
