import { KeyRound, Lock, LockOpen } from 'lucide-react'
import { useEffect, useEffectEvent, useRef, useState, type FormEvent } from 'react'
import type { VaultStatus } from '../../../shared/domain/vault.ts'
import type { RequestOf } from '../../../shared/ipc/contract.ts'
import { managerApi } from '../../shared/api.ts'
import { Button } from '../../shared/components/Button.tsx'
import { LockScreenCard } from '../../shared/components/Card.tsx'
import { ErrorMessage } from '../../shared/components/ErrorMessage.tsx'
import { Field } from '../../shared/components/Field.tsx'
import { useSecondsUntil } from '../../shared/use-countdown.ts'
import { useVaultAction } from '../../shared/use-vault-status.ts'
import { takeAutoUnlockChance } from '../auto-unlock-once.ts'

type Method = 'keychain' | 'password' | 'recovery'
type UnlockRequest = RequestOf<'vault:unlock'>

const INTRO: Record<Method, string> = {
  keychain: 'Your vault’s key is kept in the system keychain.',
  password: 'Enter your vault password.',
  recovery: 'Enter the recovery key you wrote down when you created the vault.',
}

/** The everyday way in is the password when there is one, otherwise the keychain. */
function preferredMethod(status: VaultStatus): Method {
  if (status.slots.password) return 'password'
  if (status.slots.keychain) return 'keychain'
  return 'recovery'
}

export function Unlock({ status }: { status: VaultStatus }) {
  const [method, setMethod] = useState<Method>(() => preferredMethod(status))
  const [secret, setSecret] = useState('')
  const [missing, setMissing] = useState<string | null>(null)
  const [retryAt, setRetryAt] = useState(() =>
    status.retryAfterMs > 0 ? Date.now() + status.retryAfterMs : 0,
  )
  const secondsToWait = useSecondsUntil(retryAt)
  const secretField = useRef<HTMLInputElement>(null)

  const unlock = useVaultAction((request: UnlockRequest) => managerApi().unlockVault(request))

  function attempt(request: UnlockRequest) {
    unlock.mutate(request, {
      onError: (error) => {
        if (error.retryAfterMs > 0) setRetryAt(Date.now() + error.retryAfterMs)
        // The keychain let us down: offer what still works, keeping its explanation on screen.
        if (request.method === 'keychain') setMethod(status.slots.password ? 'password' : 'recovery')
        else secretField.current?.focus()
      },
    })
  }

  // Only on arrival: a later status change (a failed attempt, say) must not retry by itself.
  const onArrival = useEffectEvent(() => {
    const firstLook = takeAutoUnlockChance()
    if (firstLook && !status.slots.password && status.slots.keychain && status.keychain === 'available') {
      attempt({ method: 'keychain' })
    }
  })
  useEffect(() => onArrival(), [])

  function switchTo(next: Method) {
    unlock.reset()
    setMissing(null)
    setSecret('')
    setMethod(next)
  }

  function submit(event: FormEvent) {
    event.preventDefault()
    setMissing(null)
    if (method === 'keychain') return attempt({ method: 'keychain' })
    const typed = secret
    if (typed.trim() === '') {
      unlock.reset()
      setMissing(method === 'password' ? 'Enter your password.' : 'Enter your recovery key.')
      secretField.current?.focus()
      return
    }
    // What was typed is gone from the window as soon as it is sent.
    setSecret('')
    attempt(method === 'password' ? { method, password: typed } : { method, recoveryKey: typed })
  }

  const waiting = secondsToWait > 0
  const alternative = alternativeTo(method, status)

  return (
    <LockScreenCard icon={<Lock />} title="Twofold is locked">
      <p className="lead">{INTRO[method]}</p>
      <form className="stack" onSubmit={submit} noValidate>
        {method === 'password' && (
          <Field
            key="password"
            ref={secretField}
            label="Password"
            type="password"
            autoComplete="current-password"
            autoFocus
            required
            value={secret}
            onValueChange={setSecret}
          />
        )}
        {method === 'recovery' && (
          <Field
            key="recovery"
            ref={secretField}
            label="Recovery key"
            placeholder="XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX"
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            code
            autoFocus
            required
            value={secret}
            onValueChange={setSecret}
          />
        )}
        <ErrorMessage error={missing ?? unlock.error} />
        <div className="actions">
          <Button
            type="submit"
            icon={<LockOpen aria-hidden="true" />}
            busy={unlock.isPending}
            disabled={waiting}
            autoFocus={method === 'keychain'}
          >
            {waiting ? `Try again in ${secondsToWait} s` : 'Unlock'}
          </Button>
          {alternative && (
            <Button
              variant="quiet"
              icon={alternative === 'recovery' ? <KeyRound aria-hidden="true" /> : null}
              onClick={() => switchTo(alternative)}
            >
              {ALTERNATIVE_LABEL[alternative]}
            </Button>
          )}
        </div>
      </form>
      <p className="muted small location">
        Vault: <code className="path">{status.location}</code>
      </p>
    </LockScreenCard>
  )
}

/**
 * One other way in, never a menu: the recovery key from the everyday method, and back again. A vault
 * with a password is not offered the keychain, so setting a password means being asked for it.
 */
function alternativeTo(method: Method, status: VaultStatus): Method | null {
  if (method !== 'recovery') return 'recovery'
  if (status.slots.password) return 'password'
  if (status.slots.keychain) return 'keychain'
  return null
}

const ALTERNATIVE_LABEL: Record<Method, string> = {
  keychain: 'Try the system keychain again',
  password: 'Use password instead',
  recovery: 'Use recovery key instead',
}
