import { useMutation } from '@tanstack/react-query'
import { KeyRound, ShieldCheck } from 'lucide-react'
import { useEffect, useState, type FormEvent } from 'react'
import type { VaultStatus } from '../../../shared/domain/vault.ts'
import { managerApi, unwrap, type ApiError } from '../../shared/api.ts'
import { Button } from '../../shared/components/Button.tsx'
import { Checkbox } from '../../shared/components/Checkbox.tsx'
import { LockScreenCard } from '../../shared/components/Card.tsx'
import { ErrorMessage } from '../../shared/components/ErrorMessage.tsx'
import { Field } from '../../shared/components/Field.tsx'
import {
  emptyNewPassword,
  NewPasswordFields,
  type NewPassword,
} from '../../shared/components/NewPasswordFields.tsx'
import { newPasswordProblem } from '../../shared/password-rules.ts'
import { useVaultAction } from '../../shared/use-vault-status.ts'
import { spendAutoUnlockChance } from '../auto-unlock-once.ts'

interface Creation {
  creationId: string
  passwordRequired: boolean
}

/**
 * First run: a recovery key shown exactly once, typed back to prove it was kept, then the vault.
 * The key lives in this component's state only while it is on screen.
 */
type Step =
  | { kind: 'welcome' }
  | { kind: 'show-key'; creation: Creation; recoveryKey: string }
  | { kind: 'confirm'; creation: Creation }

export function CreateVault({ status }: { status: VaultStatus }) {
  const [step, setStep] = useState<Step>({ kind: 'welcome' })
  useEffect(spendAutoUnlockChance, [])

  const prepare = useMutation<Step, ApiError>({
    mutationFn: async () => {
      const prepared = await unwrap(managerApi().prepareVaultCreation({}))
      const { creationId, passwordRequired, recoveryKey } = prepared
      return { kind: 'show-key', creation: { creationId, passwordRequired }, recoveryKey }
    },
    onSuccess: setStep,
  })

  switch (step.kind) {
    case 'welcome':
      return (
        <LockScreenCard icon={<ShieldCheck />} title="Welcome to Twofold">
          <p className="lead">
            Twofold keeps your two-factor codes in an encrypted vault on this computer. Create the vault to
            begin.
          </p>
          <p className="muted small">
            It will be saved in <code className="path">{status.location}</code>
          </p>
          <ErrorMessage error={prepare.error} />
          <div className="actions">
            <Button
              icon={<ShieldCheck aria-hidden="true" />}
              busy={prepare.isPending}
              onClick={() => prepare.mutate()}
            >
              Create vault
            </Button>
          </div>
        </LockScreenCard>
      )
    case 'show-key':
      return (
        <ShowRecoveryKey
          recoveryKey={step.recoveryKey}
          onWrittenDown={() => setStep({ kind: 'confirm', creation: step.creation })}
        />
      )
    case 'confirm':
      return (
        <ConfirmAndCreate
          creation={step.creation}
          keychainAvailable={status.keychain === 'available'}
          startingOver={prepare.isPending}
          startOver={() => prepare.mutate()}
          startOverError={prepare.error}
        />
      )
  }
}

function ShowRecoveryKey({ recoveryKey, onWrittenDown }: { recoveryKey: string; onWrittenDown: () => void }) {
  const groups = recoveryKey.split('-')
  return (
    <LockScreenCard icon={<KeyRound />} title="Write down your recovery key">
      <p className="lead">
        If you forget your password or move to a new computer, this key is the only way back into your vault.
      </p>
      {/* The dashes are there for copying and for textContent, not for the eye or the ear. */}
      <ol className="recovery-key" aria-label="Recovery key" data-testid="recovery-key">
        {groups.map((group, index) => (
          <li key={index}>
            {group}
            {index < groups.length - 1 && (
              <span className="visually-hidden" aria-hidden="true">
                -
              </span>
            )}
          </li>
        ))}
      </ol>
      <p className="notice">
        Write it on paper and keep it somewhere safe. Twofold shows it only this once and cannot show it
        again.
      </p>
      <div className="actions">
        <Button onClick={onWrittenDown} autoFocus>
          I have written it down
        </Button>
      </div>
    </LockScreenCard>
  )
}

function ConfirmAndCreate({
  creation,
  keychainAvailable,
  startingOver,
  startOver,
  startOverError,
}: {
  creation: Creation
  keychainAvailable: boolean
  startingOver: boolean
  startOver: () => void
  startOverError: ApiError | null
}) {
  const [confirmation, setConfirmation] = useState('')
  const [wantsPassword, setWantsPassword] = useState(false)
  const [password, setPassword] = useState<NewPassword>(emptyNewPassword)
  const [localProblem, setLocalProblem] = useState<string | null>(null)
  const create = useVaultAction((request: { recoveryKeyConfirmation: string; password?: string }) =>
    managerApi().createVault({ creationId: creation.creationId, ...request }),
  )
  const usePassword = creation.passwordRequired || wantsPassword

  function submit(event: FormEvent) {
    event.preventDefault()
    const typed = password
    // Passwords never outlive the attempt they were typed for.
    setPassword(emptyNewPassword)
    create.reset()
    const problem = usePassword ? newPasswordProblem(typed.password, typed.confirmation) : null
    setLocalProblem(problem)
    if (problem) return
    create.mutate({
      recoveryKeyConfirmation: confirmation,
      ...(usePassword ? { password: typed.password } : {}),
    })
  }

  return (
    <LockScreenCard icon={<KeyRound />} title="Confirm your recovery key">
      <form className="stack" onSubmit={submit} noValidate>
        <Field
          label="Recovery key"
          hint="Type the key you wrote down. Dashes and capitals are optional."
          placeholder="XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          code
          autoFocus
          required
          value={confirmation}
          onValueChange={setConfirmation}
        />

        {creation.passwordRequired ? (
          <p className="notice">
            No system keychain is available on this computer, so your vault needs a password to protect it.
          </p>
        ) : (
          <Checkbox
            label="Also protect with a password"
            hint={
              keychainAvailable
                ? 'The system keychain unlocks Twofold by itself. With a password, the key stays out of the keychain and Twofold asks for the password instead.'
                : 'Twofold will ask for it each time you unlock.'
            }
            checked={wantsPassword}
            onCheckedChange={setWantsPassword}
          />
        )}
        {usePassword && <NewPasswordFields value={password} onChange={setPassword} />}

        <ErrorMessage error={localProblem ?? create.error ?? startOverError} />
        <div className="actions">
          <Button type="submit" icon={<ShieldCheck aria-hidden="true" />} busy={create.isPending}>
            Create vault
          </Button>
          <Button variant="quiet" busy={startingOver} onClick={startOver}>
            Start over with a new key
          </Button>
        </div>
      </form>
    </LockScreenCard>
  )
}
