import { Undo2 } from 'lucide-react'
import { useState } from 'react'
import { managerApi, unwrap } from '../../shared/api.ts'
import { Button } from '../../shared/components/Button.tsx'
import { Dialog } from '../../shared/components/Dialog.tsx'
import { ErrorMessage } from '../../shared/components/ErrorMessage.tsx'
import { useToast } from '../../shared/components/Toasts.tsx'
import { useSecondsUntil } from '../../shared/use-countdown.ts'
import { useVaultMutation } from '../data/use-vault-mutation.ts'
import { CodeToCopy } from './CodeToCopy.tsx'

/**
 * Long enough to notice the wrong account was picked; short enough that a used code stays used. Main
 * allows a little longer (two minutes), so the offer shown here is always honoured.
 */
const UNDO_WINDOW_MS = 10_000

export interface UsedCode {
  accountId: string
  handle: string
  code: string
  position: number
  remaining: number
}

/**
 * The backup code just marked used, shown once. Undo puts it back for a few seconds, for a code taken
 * by mistake — main puts back only the last code used, once, so Undo reads nothing new. The code itself
 * lives only in this dialog's props and is gone when it closes; Copy asks main to copy it.
 */
export function UsedCodeDialog({ used, onClose }: { used: UsedCode; onClose: () => void }) {
  const [undoUntil] = useState(() => Date.now() + UNDO_WINDOW_MS)
  const secondsLeft = useSecondsUntil(undoUntil)
  const toast = useToast()
  const undo = useVaultMutation(() => managerApi().undoBackupCodeUse({ accountId: used.accountId }))

  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={`Backup code for ${used.handle}`}
      description={`Marked as used. ${used.remaining} unused ${used.remaining === 1 ? 'code' : 'codes'} left.`}
    >
      <CodeToCopy
        code={used.code}
        label={`Backup code for ${used.handle}`}
        copy={() => unwrap(managerApi().copyShownBackupCode({ accountId: used.accountId }))}
      />
      <ErrorMessage error={undo.error} />
      <div className="actions">
        <Button onClick={onClose}>Done</Button>
        {secondsLeft > 0 && (
          <Button
            variant="secondary"
            icon={<Undo2 aria-hidden="true" />}
            busy={undo.isPending}
            onClick={() =>
              undo.mutate(undefined, {
                onSuccess: () => {
                  toast({ message: 'The backup code is unused again.' })
                  onClose()
                },
              })
            }
          >
            {`Undo (${secondsLeft} s)`}
          </Button>
        )}
      </div>
    </Dialog>
  )
}
