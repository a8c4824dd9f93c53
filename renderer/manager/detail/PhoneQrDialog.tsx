import { QrCode } from 'lucide-react'
import { useEffect, useState } from 'react'
import { managerApi, unwrap } from '../../shared/api.ts'
import { Button } from '../../shared/components/Button.tsx'
import { Dialog } from '../../shared/components/Dialog.tsx'
import { ConfirmToRevealForm } from './ConfirmToRevealForm.tsx'

/** Long enough to open the phone's authenticator and scan; short enough not to be left on screen. */
const SHOWN_SECONDS = 60

/**
 * Moves one account to a phone: its key as a QR code, after the vault password again (when the vault
 * has one) and the person's yes in main's system dialog. The picture lives in this component only, goes away after a
 * minute, on close, or when the vault locks, and main records that it was shown.
 */
export function PhoneQrDialog({
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
  const [image, setImage] = useState<string | null>(null)
  const [secondsLeft, setSecondsLeft] = useState(SHOWN_SECONDS)

  useEffect(
    () =>
      managerApi().onVaultStateChanged((status) => {
        if (status.state !== 'unlocked') setImage(null)
      }),
    [],
  )
  useEffect(() => {
    if (image === null) return
    const timer = window.setInterval(() => setSecondsLeft((left) => left - 1), 1000)
    return () => window.clearInterval(timer)
  }, [image])
  useEffect(() => {
    if (image !== null && secondsLeft <= 0) onClose()
  }, [image, secondsLeft, onClose])

  async function reveal(password: string | undefined) {
    const shown = await unwrap(
      managerApi().exportQr({ accountId, ...(password !== undefined ? { password } : {}) }),
    )
    setSecondsLeft(SHOWN_SECONDS)
    setImage(shown.secretQrPng)
  }

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()} title={`Move ${handle} to a phone`}>
      {image === null ? (
        <ConfirmToRevealForm
          passwordSlot={passwordSlot}
          lead="A QR code of this account’s key will be shown, to scan with an authenticator app on a phone. Anyone who sees it can make this account’s codes."
          submitLabel="Show QR code"
          submitIcon={<QrCode aria-hidden="true" />}
          reveal={reveal}
          onCancel={onClose}
        />
      ) : (
        <div className="stack phone-qr">
          <img
            src={image}
            alt={`QR code holding the authenticator key of ${handle}`}
            width={240}
            height={240}
          />
          <p className="muted" aria-live="off">
            Scan it with the phone’s authenticator app. It disappears in {secondsLeft} s.
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
