import { useState, type FormEvent, type ReactNode } from 'react'
import type { VaultStatus } from '../../../shared/domain/vault.ts'
import { managerApi } from '../../shared/api.ts'
import { Button } from '../../shared/components/Button.tsx'
import { ErrorMessage } from '../../shared/components/ErrorMessage.tsx'
import { Field } from '../../shared/components/Field.tsx'
import {
  emptyNewPassword,
  NewPasswordFields,
  type NewPassword,
} from '../../shared/components/NewPasswordFields.tsx'
import { StatusMessage } from '../../shared/components/StatusMessage.tsx'
import { newPasswordProblem } from '../../shared/password-rules.ts'
import { useVaultAction } from '../../shared/use-vault-status.ts'
import { RecoveryKeyField } from './RecoveryKeyField.tsx'

type Editing = 'none' | 'set' | 'remove'

interface SetPasswordRequest {
  currentPassword?: string
  newPassword: string
  recoveryKey?: string
}

/** Add, change or remove the vault password. Every field is emptied once its form is sent. */
export function PasswordSettings({ status }: { status: VaultStatus }) {
  const hasPassword = status.slots.password
  const [editing, setEditing] = useState<Editing>('none')
  const [current, setCurrent] = useState('')
  const [next, setNext] = useState<NewPassword>(emptyNewPassword)
  const [problem, setProblem] = useState<string | null>(null)
  const [done, setDone] = useState<string | null>(null)
  // A vault from before key rotation answers `recovery-key-required`: the passwords already typed are
  // held here (as the mutation holds them anyway) so only the recovery key has to be added.
  const [awaitingRecoveryKey, setAwaitingRecoveryKey] = useState<SetPasswordRequest | null>(null)
  const [recoveryKey, setRecoveryKey] = useState('')

  const setPassword = useVaultAction((request: SetPasswordRequest) => managerApi().setVaultPassword(request))
  const removePassword = useVaultAction((request: { currentPassword: string }) =>
    managerApi().removeVaultPassword(request),
  )
  const pending = setPassword.isPending || removePassword.isPending

  function open(mode: Editing) {
    clearTyped()
    setProblem(null)
    setDone(null)
    setPassword.reset()
    removePassword.reset()
    setAwaitingRecoveryKey(null)
    setEditing(mode)
  }

  function clearTyped() {
    setCurrent('')
    setNext(emptyNewPassword)
    setRecoveryKey('')
  }

  function finish(message: string) {
    setAwaitingRecoveryKey(null)
    setEditing('none')
    setDone(message)
  }

  function submitSet(event: FormEvent) {
    event.preventDefault()
    const typedCurrent = current
    const typedNext = next
    clearTyped()
    setPassword.reset()
    const localProblem =
      hasPassword && typedCurrent === ''
        ? 'Enter your current password.'
        : newPasswordProblem(typedNext.password, typedNext.confirmation)
    setProblem(localProblem)
    if (localProblem) return
    sendSetPassword({
      ...(hasPassword ? { currentPassword: typedCurrent } : {}),
      newPassword: typedNext.password,
    })
  }

  function submitRecoveryKey(event: FormEvent, request: SetPasswordRequest) {
    event.preventDefault()
    const typedKey = recoveryKey.trim()
    clearTyped()
    setPassword.reset()
    setProblem(typedKey === '' ? 'Enter your recovery key.' : null)
    if (typedKey === '') return
    sendSetPassword({ ...request, recoveryKey: typedKey })
  }

  function sendSetPassword(request: SetPasswordRequest) {
    setPassword.mutate(request, {
      onSuccess: () => finish(hasPassword ? 'Password changed.' : 'Password added.'),
      onError: (error) => {
        if (error.code === 'recovery-key-required') setAwaitingRecoveryKey(request)
      },
    })
  }

  function submitRemove(event: FormEvent) {
    event.preventDefault()
    const typedCurrent = current
    clearTyped()
    removePassword.reset()
    setProblem(typedCurrent === '' ? 'Enter your current password.' : null)
    if (typedCurrent === '') return
    removePassword.mutate({ currentPassword: typedCurrent }, { onSuccess: () => finish('Password removed.') })
  }

  // Removing the password hands the key to the system keychain, so there must be one.
  const canRemove = hasPassword && status.keychain === 'available'

  return (
    <div className="setting">
      <div className="setting-row">
        <div>
          <h3>Vault password</h3>
          <p className="muted small">
            {hasPassword
              ? 'Twofold asks for this password to unlock the vault. The key is not kept in the system keychain.'
              : 'None. The system keychain unlocks the vault; a password takes the key out of the keychain, and Twofold asks for it instead.'}
          </p>
        </div>
        {editing === 'none' && (
          <div className="actions actions-end">
            <Button variant="secondary" onClick={() => open('set')}>
              {hasPassword ? 'Change password' : 'Add password'}
            </Button>
            {canRemove && (
              <Button variant="quiet" onClick={() => open('remove')}>
                Remove password
              </Button>
            )}
          </div>
        )}
      </div>
      {hasPassword && status.keychain !== 'available' && editing === 'none' && (
        <p className="muted small">
          No system keychain is available on this computer, so the password is how you unlock the vault. It
          can be changed but not removed.
        </p>
      )}

      {editing === 'set' && awaitingRecoveryKey && (
        <PasswordForm
          action={hasPassword ? 'Change password' : 'Add password'}
          onSubmit={(event) => submitRecoveryKey(event, awaitingRecoveryKey)}
          busy={pending}
          onCancel={() => open('none')}
        >
          <RecoveryKeyField
            value={recoveryKey}
            onValueChange={setRecoveryKey}
            error={
              problem ?? (setPassword.error?.code === 'recovery-key-required' ? null : setPassword.error)
            }
          />
        </PasswordForm>
      )}

      {editing === 'set' && !awaitingRecoveryKey && (
        <PasswordForm
          action={hasPassword ? 'Change password' : 'Add password'}
          onSubmit={submitSet}
          busy={pending}
          onCancel={() => open('none')}
        >
          {hasPassword && (
            <Field
              label="Current password"
              type="password"
              autoComplete="current-password"
              autoFocus
              required
              value={current}
              onValueChange={setCurrent}
            />
          )}
          <NewPasswordFields
            label={hasPassword ? 'New password' : 'Password'}
            value={next}
            onChange={setNext}
            autoFocus={!hasPassword}
          />
          <ErrorMessage error={problem ?? setPassword.error} />
        </PasswordForm>
      )}

      {editing === 'remove' && (
        <PasswordForm
          action="Remove password"
          danger
          onSubmit={submitRemove}
          busy={pending}
          onCancel={() => open('none')}
        >
          <p className="small">
            Without a password, the system keychain unlocks Twofold by itself on this computer.
          </p>
          <Field
            label="Current password"
            type="password"
            autoComplete="current-password"
            autoFocus
            required
            value={current}
            onValueChange={setCurrent}
          />
          <ErrorMessage error={problem ?? removePassword.error} />
        </PasswordForm>
      )}
      <StatusMessage>{done}</StatusMessage>
    </div>
  )
}

/** One of the password forms: named by its action, which its submit button repeats, with Cancel beside it. */
function PasswordForm({
  action,
  danger = false,
  onSubmit,
  busy,
  onCancel,
  children,
}: {
  action: string
  danger?: boolean
  onSubmit: (event: FormEvent) => void
  busy: boolean
  onCancel: () => void
  children: ReactNode
}) {
  return (
    <form className="stack inset" onSubmit={onSubmit} noValidate aria-label={action}>
      {children}
      <div className="actions">
        <Button type="submit" variant={danger ? 'danger' : 'primary'} busy={busy}>
          {action}
        </Button>
        <Button variant="quiet" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  )
}
