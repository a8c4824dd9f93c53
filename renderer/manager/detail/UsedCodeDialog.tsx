import { Undo2 } from 'lucide-react'
import { useState } from 'react'
import { managerApi, unwrap } from '../../shared/api.ts'
import { Button } from '../../shared/components/Button.tsx'
import { Dialog } from '../../shared/components/Dialog.tsx'
import { ErrorMessage } from '../../shared/components/ErrorMessage.tsx'
import { useToast } from '../../shared/components/Toasts.tsx'
import { formatDateTime } from '../../shared/format.ts'
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
  /** A team account's code, claimed on the team server: final, so no Undo. */
  shared?: boolean
  /** The set's other claims (team accounts): who and when, never the codes. */
  earlierClaims?: { member: string; at: string }[]
}

/**
 * The backup code just marked used, shown once. Undo puts it back for a few seconds, for a code taken
 * by mistake — main puts back only the last code used, once, so Undo reads nothing new. A team
 * account's code was claimed on the server, which is final: no Undo, and who else used the set instead. The code itself
 * lives only in this dialog's props and is gone when it closes; Copy asks main to copy it.
 */
export function UsedCodeDialog({ used, onClose }: { used: UsedCode; onClose: () => void }) {
  const [undoUntil] = useState(() => Date.now() + UNDO_WINDOW_MS)
  const secondsLeft = useSecondsUntil(undoUntil)
  const toast = useToast()
  const undo = useVaultMutation(() => managerApi().undoBackupCodeUse({ accountId: used.accountId }))
  const left = `${used.remaining} unused ${used.remaining === 1 ? 'code' : 'codes'} left.`
  const claims = used.earlierClaims ?? []

  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={`Backup code for ${used.handle}`}
      description={
        used.shared
          ? `Claimed from the team's set: nobody else gets this code. ${left}`
          : `Marked as used. ${left}`
      }
    >
      <CodeToCopy
        code={used.code}
        label={`Backup code for ${used.handle}`}
        copy={() => unwrap(managerApi().copyShownBackupCode({ accountId: used.accountId }))}
      />
      {used.shared && (
        <p className="muted small" data-testid="earlier-claims">
          {claims.length === 0
            ? 'No one has used a code of this set before.'
            : `Also used from this set: ${claims.map((claim) => `${claim.member}, ${formatDateTime(claim.at)}`).join('; ')}.`}
        </p>
      )}
      <ErrorMessage error={undo.error} />
      <div className="actions">
        <Button onClick={onClose}>Done</Button>
        {!used.shared && secondsLeft > 0 && (
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
