import { FileUp, TriangleAlert } from 'lucide-react'
import { useId, useState, type FormEvent } from 'react'
import type { Client } from '../../../shared/domain/accounts.ts'
import type { RequestOf } from '../../../shared/ipc/contract.ts'
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
import { plural } from '../../shared/format.ts'
import { newPasswordProblem } from '../../shared/password-rules.ts'
import { useClients } from '../data/queries.ts'
import { useVaultMutation } from '../data/use-vault-mutation.ts'

type ExportFormat = 'aegis' | 'otpauth'
const ALL = '__all__'
const FORMATS: { value: ExportFormat; label: string }[] = [
  { value: 'aegis', label: 'Encrypted Aegis vault' },
  { value: 'otpauth', label: 'Plain otpauth:// links' },
]

/**
 * Taking codes out: an encrypted Aegis vault (what a phone app opens, with a password of its own), or
 * plain otpauth links after an explicit warning. Either the whole vault or one client's accounts, for
 * handing a client their codes without the rest. Both carry every seed, so both take the vault password
 * (when it has one); main then asks where to save and asks the person to confirm in its own dialog.
 * The file never passes here.
 */
export function ExportSettings({ passwordSlot }: { passwordSlot: boolean }) {
  const id = useId()
  const clients = useClients()
  const [format, setFormat] = useState<ExportFormat>('aegis')
  const [scope, setScope] = useState(ALL)
  const [password, setPassword] = useState<NewPassword>(emptyNewPassword)
  const [vaultPassword, setVaultPassword] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const exportFile = useVaultMutation(
    (request: RequestOf<'export:file'>) => managerApi().exportFile(request),
    { refresh: 'audit-only', holdsSecrets: true },
  )

  function submit(event: FormEvent) {
    event.preventDefault()
    setDone(null)
    const clientId = scope === ALL ? {} : { clientId: scope }
    if (passwordSlot && vaultPassword === '') return setProblem('Enter the vault password.')
    const typedVaultPassword = passwordSlot ? { vaultPassword } : {}
    let request: RequestOf<'export:file'>
    if (format === 'aegis') {
      const weak = newPasswordProblem(password.password, password.confirmation)
      if (weak) return setProblem(weak)
      request = { format, password: password.password, ...typedVaultPassword, ...clientId }
    } else {
      request = { format, ...typedVaultPassword, ...clientId }
    }
    setProblem(null)
    setVaultPassword('')
    exportFile.mutate(request, {
      onSuccess: ({ saved }) => {
        if (!saved) return setDone('Export cancelled: nothing was written.')
        setPassword(emptyNewPassword)
        setDone(`Exported ${plural(saved.exported, 'account')} to ${saved.file}.`)
      },
    })
  }

  return (
    <section className="panel" aria-labelledby="export-heading">
      <h2 id="export-heading">Export</h2>
      <form className="stack settings-form" onSubmit={submit} noValidate aria-label="Export">
        <div className="field">
          <label htmlFor={`${id}-scope`}>Accounts</label>
          <select
            id={`${id}-scope`}
            className="input"
            value={scope}
            onChange={(event) => setScope(event.target.value)}
          >
            <option value={ALL}>Every account</option>
            {(clients.data ?? []).map((client: Client) => (
              <option key={client.id} value={client.id}>
                Only {client.name}
              </option>
            ))}
          </select>
        </div>
        <fieldset className="fieldset">
          <legend>Format</legend>
          <div className="segmented">
            {FORMATS.map((option) => (
              <label key={option.value}>
                <input
                  type="radio"
                  name={`${id}-format`}
                  value={option.value}
                  checked={format === option.value}
                  onChange={() => setFormat(option.value)}
                />
                <span>{option.label}</span>
              </label>
            ))}
          </div>
          <p className="field-hint">
            {format === 'aegis'
              ? 'Opens in Aegis on a phone, and in Twofold, with the password you set here.'
              : 'Any authenticator reads these links.'}
          </p>
        </fieldset>
        {format === 'aegis' ? (
          <NewPasswordFields label="Export password" value={password} onChange={setPassword} />
        ) : (
          <p className="notice notice-with-icon">
            <TriangleAlert aria-hidden="true" className="message-icon" />
            <span>
              This file holds every secret in plain text: anyone who sees it can make these codes. Import it
              right away and delete it.
            </span>
          </p>
        )}
        {passwordSlot && (
          <Field
            label="Vault password"
            type="password"
            autoComplete="current-password"
            value={vaultPassword}
            onValueChange={setVaultPassword}
          />
        )}
        <p className="field-hint">
          Twofold asks you to confirm in a system dialog before it writes the file.
        </p>
        <ErrorMessage error={problem ?? exportFile.error} />
        <div className="actions">
          <Button type="submit" icon={<FileUp aria-hidden="true" />} busy={exportFile.isPending}>
            Export…
          </Button>
        </div>
        <StatusMessage>{done}</StatusMessage>
      </form>
    </section>
  )
}
