import { useState, type FormEvent } from 'react'
import type { AccountSummary } from '../../../shared/domain/accounts.ts'
import { managerApi } from '../../shared/api.ts'
import { Button } from '../../shared/components/Button.tsx'
import { ErrorMessage } from '../../shared/components/ErrorMessage.tsx'
import { Field } from '../../shared/components/Field.tsx'
import { useVaultMutation } from '../data/use-vault-mutation.ts'

/**
 * A new secret for an account whose service re-enrolled 2FA: an otpauth link (any type) or a Base32 key
 * (a 6-digit, 30-second TOTP, what services hand out when they show the key as text), checked against
 * the code the service shows now before it replaces the old one.
 */
export function ReplaceSecretForm({
  account,
  onDone,
  onCancel,
}: {
  account: AccountSummary
  onDone: () => void
  onCancel: () => void
}) {
  const [secret, setSecret] = useState('')
  const [code, setCode] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  // The typed secret must not linger in TanStack's cache after the form closes.
  const replace = useVaultMutation(
    (input: { secret: string; code: string }) =>
      managerApi().replaceAuthenticator({
        id: account.id,
        authenticator: input.secret.trim().toLowerCase().startsWith('otpauth://')
          ? { source: 'uri', uri: input.secret.trim() }
          : { source: 'manual', secret: input.secret.trim() },
        ...(input.code.trim() ? { verificationCode: input.code.trim() } : {}),
      }),
    { holdsSecrets: true },
  )

  function submit(event: FormEvent) {
    event.preventDefault()
    if (!secret.trim()) return setProblem('Paste the otpauth link or type the secret key.')
    if (!code.trim())
      return setProblem('Type the code the service shows now, so a mistyped secret is caught.')
    setProblem(null)
    replace.mutate(
      { secret, code },
      {
        onSuccess: () => {
          setSecret('')
          setCode('')
          replace.reset()
          onDone()
        },
      },
    )
  }

  return (
    <form className="stack inset" onSubmit={submit} noValidate aria-label="Replace the authenticator secret">
      <Field
        label="New otpauth link or secret key"
        autoComplete="off"
        spellCheck={false}
        className="mono"
        value={secret}
        onValueChange={setSecret}
      />
      <Field
        label="Code the service shows now"
        inputMode="numeric"
        autoComplete="one-time-code"
        className="narrow"
        value={code}
        onValueChange={setCode}
      />
      <ErrorMessage error={problem ?? replace.error} />
      <div className="actions">
        <Button type="submit" busy={replace.isPending}>
          {account.methods.authenticator ? 'Replace secret' : 'Add secret'}
        </Button>
        <Button variant="quiet" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  )
}
