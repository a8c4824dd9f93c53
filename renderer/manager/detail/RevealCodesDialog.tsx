import { Copy, Eye } from 'lucide-react'
import { useEffect, useState } from 'react'
import type { ResponseOf } from '../../../shared/ipc/contract.ts'
import { managerApi, messageOf, unwrap } from '../../shared/api.ts'
import { Button } from '../../shared/components/Button.tsx'
import { Dialog } from '../../shared/components/Dialog.tsx'
import { ConfirmToRevealForm } from './ConfirmToRevealForm.tsx'
import { formatDateTime } from '../../shared/format.ts'

type RevealedCodes = ResponseOf<'backup-codes:reveal'>['codes']

/**
 * The one place a whole secret list reaches the window: the vault password again (when the vault
 * has one) and the person's yes in main's system dialog, then the set. It is kept in this component's state only, not
 * in the query cache, and dropped when the dialog closes or the vault locks.
 */
export function RevealCodesDialog({
  accountId,
  handle,
  passwordSlot,
  onClose,
}: {
  accountId: string
  handle: string
  passwordSlot: boolean
  onClose: () => void
}) {
  const [codes, setCodes] = useState<RevealedCodes | null>(null)
  const [copyNote, setCopyNote] = useState<string | null>(null)

  // Main copies, so the code is cleared from the clipboard after 30 s, on lock and on quit; a code
  // the page wrote there itself would stay.
  async function copy(position: number) {
    try {
      await unwrap(managerApi().copyRevealedBackupCode({ accountId, position }))
      setCopyNote(`Copied code ${position + 1}.`)
    } catch (error) {
      setCopyNote(messageOf(error))
    }
  }

  useEffect(
    () =>
      managerApi().onVaultStateChanged((status) => {
        if (status.state !== 'unlocked') setCodes(null)
      }),
    [],
  )

  async function reveal(password: string | undefined) {
    const revealed = await unwrap(
      managerApi().revealBackupCodes({
        accountId,
        ...(password !== undefined ? { password } : {}),
      }),
    )
    setCodes(revealed.codes)
  }

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()} title={`All backup codes for ${handle}`}>
      {codes === null ? (
        <ConfirmToRevealForm
          passwordSlot={passwordSlot}
          lead="Every code of the current set will be shown. Anyone who sees them can get into the account."
          submitLabel="Reveal codes"
          submitIcon={<Eye aria-hidden="true" />}
          reveal={reveal}
          onCancel={onClose}
        />
      ) : (
        <div className="stack">
          <ol className="revealed-codes" aria-label="Backup codes">
            {codes.map((entry) => (
              <li key={entry.position} className={entry.usedAt ? 'is-used' : undefined}>
                <span className="revealed-code-line">
                  <code>{entry.code}</code>
                  <Button
                    variant="quiet"
                    className="button-small"
                    icon={<Copy aria-hidden="true" />}
                    aria-label={`Copy code ${entry.position + 1}`}
                    onClick={() => void copy(entry.position)}
                  >
                    Copy
                  </Button>
                </span>
                <span className="small muted">
                  {entry.usedAt
                    ? `Used ${formatDateTime(entry.usedAt)}${entry.usedBy ? ` by ${entry.usedBy}` : ''}`
                    : 'Unused'}
                </span>
              </li>
            ))}
          </ol>
          <p className="muted small" role="status">
            {copyNote}
          </p>
          <div className="actions">
            <Button onClick={onClose} autoFocus>
              Done
            </Button>
          </div>
        </div>
      )}
    </Dialog>
  )
}
