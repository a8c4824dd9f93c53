import { Copy } from 'lucide-react'
import { useState } from 'react'
import { messageOf } from '../../shared/api.ts'
import { Button } from '../../shared/components/Button.tsx'

/**
 * A code the person asked to see, with a Copy button. The page never writes the clipboard itself: main
 * copies (`copy`), so the code is cleared after 30 s, on lock and on quit like every code Twofold
 * copies — a code written by the page would stay on the clipboard for good.
 */
export function CodeToCopy({
  code,
  label,
  copy,
}: {
  code: string
  label: string
  copy: () => Promise<unknown>
}) {
  const [note, setNote] = useState<string | null>(null)

  async function copyInMain() {
    try {
      await copy()
      setNote('Copied.')
    } catch (error) {
      setNote(messageOf(error))
    }
  }

  return (
    <div className="code-to-copy">
      <output className="big-code" aria-label={label} data-testid="revealed-code">
        {code}
      </output>
      <Button variant="secondary" icon={<Copy aria-hidden="true" />} onClick={() => void copyInMain()}>
        Copy
      </Button>
      <p className="muted small" role="status">
        {note}
      </p>
    </div>
  )
}
