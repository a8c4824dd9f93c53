import { QrCode } from 'lucide-react'
import { useEffect, useState, type FormEvent } from 'react'
import { managerApi, unwrap, type ApiError } from '../../shared/api.ts'
import { Button } from '../../shared/components/Button.tsx'
import { Checkbox } from '../../shared/components/Checkbox.tsx'
import { Dialog } from '../../shared/components/Dialog.tsx'
import { ErrorMessage } from '../../shared/components/ErrorMessage.tsx'
import { Field } from '../../shared/components/Field.tsx'

/** Long enough to open the phone's authenticator and scan; short enough not to be left on screen. */
const SHOWN_SECONDS = 60

/**
 * Moves one account to a phone: its key as a QR code, after the vault password again (or an explicit
 * confirmation when the vault has none). The picture lives in this component only, goes away after a
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
  const [password, setPassword] = useState('')
  const [confirmed, setConfirmed] = useState(false)
  const [image, setImage] = useState<string | null>(null)
  const [secondsLeft, setSecondsLeft] = useState(SHOWN_SECONDS)
  const [error, setError] = useState<ApiError | string | null>(null)
  const [busy, setBusy] = useState(false)

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

  async function submit(event: FormEvent) {
    event.preventDefault()
    setError(null)
    if (passwordSlot && password === '') return setError('Enter the vault password.')
    if (!passwordSlot && !confirmed) return setError('Tick the box to confirm first.')
    const typed = password
    setPassword('')
    setBusy(true)
    try {
      const shown = await unwrap(
        managerApi().exportQr({ accountId, confirm: true, ...(passwordSlot ? { password: typed } : {}) }),
      )
      setSecondsLeft(SHOWN_SECONDS)
      setImage(shown.secretQrPng)
    } catch (failure) {
      setError(failure as ApiError)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()} title={`Move ${handle} to a phone`}>
      {image === null ? (
        <form className="stack" onSubmit={(event) => void submit(event)} noValidate>
          <p className="lead">
            A QR code of this account’s key will be shown, to scan with an authenticator app on a phone.
            Anyone who sees it can make this account’s codes.
          </p>
          {passwordSlot ? (
            <Field
              label="Vault password"
              type="password"
              autoComplete="current-password"
              autoFocus
              value={password}
              onValueChange={setPassword}
            />
          ) : (
            <Checkbox
              label="Show the key as a QR code on screen"
              hint="Make sure no one else can see your screen."
              checked={confirmed}
              onCheckedChange={setConfirmed}
            />
          )}
          <ErrorMessage error={error} />
          <div className="actions">
            <Button type="submit" icon={<QrCode aria-hidden="true" />} busy={busy}>
              Show QR code
            </Button>
            <Button variant="quiet" onClick={onClose}>
              Cancel
            </Button>
          </div>
        </form>
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
