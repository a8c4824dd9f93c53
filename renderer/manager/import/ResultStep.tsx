import { CircleCheck } from 'lucide-react'
import { useId } from 'react'
import { Button } from '../../shared/components/Button.tsx'
import { resultSentence, type ImportResult } from './import-steps.ts'

/**
 * What was written, counted the way the preview counted it. Focus goes to Done, which is described by
 * the outcome: a message that appears already filled in is not reliably announced on its own.
 */
export function ResultStep({ result, onDone }: { result: ImportResult; onDone: () => void }) {
  const id = useId()
  return (
    <div className="stack import-step">
      <p id={id} role="status" className="message message-success">
        <CircleCheck aria-hidden="true" className="message-icon" />
        <span>{resultSentence(result)}</span>
      </p>
      <div className="actions dialog-actions">
        <Button autoFocus aria-describedby={id} onClick={onDone}>
          Done
        </Button>
      </div>
    </div>
  )
}
