import { useQueryClient } from '@tanstack/react-query'
import { TriangleAlert } from 'lucide-react'
import { useId, useRef, useState, type FormEvent } from 'react'
import type { AccountSummary, Client } from '../../../shared/domain/accounts.ts'
import type { PostureFlag } from '../../../shared/domain/flags.ts'
import type { MethodKind, PlatformId } from '../../../shared/domain/platforms.ts'
import { managerApi, messageOf, unwrap, type ApiError } from '../../shared/api.ts'
import { methodLabels, platformOrder, platforms } from '../../shared/catalog/platforms.ts'
import { Button } from '../../shared/components/Button.tsx'
import { Dialog } from '../../shared/components/Dialog.tsx'
import { ErrorMessage } from '../../shared/components/ErrorMessage.tsx'
import { Field } from '../../shared/components/Field.tsx'
import { useToast } from '../../shared/components/Toasts.tsx'
import { vaultDataKey } from '../data/query-keys.ts'
import { useVaultMutation } from '../data/use-vault-mutation.ts'
import { AuthenticatorFields } from './AuthenticatorFields.tsx'
import {
  draftProblem,
  emptyDraft,
  methodOn,
  requestFrom,
  type NewAccountDraft,
  type NewAccountRequest,
} from './new-account-draft.ts'
import { PhoneField } from './PhoneField.tsx'

/**
 * Adding an account: the platform first (it decides which methods there are), then the methods. A
 * secret is saved only with a matching code from the service, and whatever the new account would set
 * off (a number another Instagram account already uses, say) is shown before saving, not after: saving
 * then takes a second, explicit "Save anyway".
 */
export function AddAccountDialog({
  clients,
  onClose,
  onAdded,
}: {
  clients: readonly Client[]
  onClose: () => void
  onAdded: (account: AccountSummary) => void
}) {
  const [draft, setDraft] = useState<NewAccountDraft>(() => emptyDraft())
  const [warnings, setWarnings] = useState<PostureFlag[] | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [checking, setChecking] = useState(false)
  const [previewError, setPreviewError] = useState<ApiError | null>(null)
  const added = useRef(false)
  const toast = useToast()
  const queryClient = useQueryClient()
  const clientListId = useId()
  const facts = platforms[draft.platform]
  const add = useVaultMutation((request: NewAccountRequest) => managerApi().addAccount(request), {
    holdsSecrets: true,
  })

  function change(patch: Partial<NewAccountDraft>) {
    setDraft((current) => ({ ...current, ...patch }))
    // Anything changed makes the warnings stale: they are asked for again on the next Save.
    setWarnings(null)
    setProblem(null)
    setPreviewError(null)
    add.reset()
  }

  function toggleMethod(method: MethodKind, on: boolean) {
    change({ methods: { ...draft.methods, [method]: on } })
  }

  function save(request: NewAccountRequest) {
    add.mutate(request, { onSuccess: ({ account }) => void finish(account) })
  }

  /** Backup codes go in once the account exists; if they are refused, the account stays added. */
  async function finish(account: AccountSummary) {
    let backupProblem: string | null = null
    if (methodOn(draft, 'backup-codes')) {
      try {
        await unwrap(managerApi().setBackupCodes({ accountId: account.id, text: draft.backupCodes }))
      } catch (error) {
        backupProblem = messageOf(error)
      }
      await queryClient.invalidateQueries({ queryKey: vaultDataKey })
    }
    added.current = true
    toast(
      backupProblem
        ? { message: `Added ${account.handle}, but not its backup codes: ${backupProblem}`, tone: 'error' }
        : { message: `Added ${account.handle}` },
    )
    onAdded(account)
  }

  async function submit(event: FormEvent) {
    event.preventDefault()
    const local = draftProblem(draft)
    if (local) {
      setProblem(local.message)
      return
    }
    const request = requestFrom(draft)
    setChecking(true)
    try {
      const preview = await unwrap(managerApi().previewAddAccount(request))
      if (preview.warnings.length > 0) setWarnings(preview.warnings)
      else save(request)
    } catch (error) {
      setPreviewError(error as ApiError)
    } finally {
      setChecking(false)
    }
  }

  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      title="Add account"
      description="Choose the platform first: it decides which 2FA methods the account can have."
      className="add-dialog"
      onCloseAutoFocus={(event) => {
        // The new row takes focus instead, ready for Enter to copy its code.
        if (added.current) event.preventDefault()
      }}
    >
      <form className="stack" onSubmit={(event) => void submit(event)} noValidate>
        <div className="field">
          <label htmlFor={`${clientListId}-platform`}>Platform</label>
          <select
            id={`${clientListId}-platform`}
            className="input"
            autoFocus
            value={draft.platform}
            onChange={(event) => change({ platform: event.target.value as PlatformId })}
          >
            {platformOrder.map((platform) => (
              <option key={platform} value={platform}>
                {platforms[platform].name}
              </option>
            ))}
          </select>
        </div>
        <div className="field-row">
          <Field
            label="Handle"
            placeholder={facts.handlePrefix ? `${facts.handlePrefix}name` : 'name'}
            autoComplete="off"
            spellCheck={false}
            value={draft.handle}
            onValueChange={(handle) => change({ handle })}
          />
          <Field
            label="Client"
            placeholder="Optional"
            list={clientListId}
            value={draft.clientName}
            onValueChange={(clientName) => change({ clientName })}
          />
          <datalist id={clientListId}>
            {clients.map((client) => (
              <option key={client.id} value={client.name} />
            ))}
          </datalist>
        </div>

        <fieldset className="fieldset">
          <legend>2FA methods on {facts.name}</legend>
          <div className="method-choices">
            {facts.methods.map((method) => (
              <label key={method} className="method-choice">
                <input
                  type="checkbox"
                  checked={draft.methods[method]}
                  onChange={(event) => toggleMethod(method, event.target.checked)}
                />
                <span>{methodLabels[method]}</span>
              </label>
            ))}
          </div>
          {facts.whatsappRequiresSms && (
            <p className="field-hint">{facts.name} sends WhatsApp codes only while SMS is on.</p>
          )}
        </fieldset>

        {methodOn(draft, 'authenticator') && (
          <AuthenticatorFields
            draft={draft}
            platformName={facts.name === 'Other service' ? 'the service' : facts.name}
            onChange={change}
          />
        )}
        {methodOn(draft, 'sms') && (
          <PhoneField label="SMS number" value={draft.sms} onValueChange={(sms) => change({ sms })} />
        )}
        {methodOn(draft, 'whatsapp') && (
          <PhoneField
            label="WhatsApp number"
            value={draft.whatsapp}
            onValueChange={(whatsapp) => change({ whatsapp })}
          />
        )}
        {methodOn(draft, 'backup-codes') && (
          <div className="field">
            <label htmlFor={`${clientListId}-backup`}>Backup codes</label>
            <textarea
              id={`${clientListId}-backup`}
              className="input textarea mono"
              rows={3}
              spellCheck={false}
              value={draft.backupCodes}
              onChange={(event) => change({ backupCodes: event.target.value })}
            />
            <p className="field-hint">Paste them in any layout; spaces and numbering are ignored.</p>
          </div>
        )}

        <ErrorMessage error={problem ?? previewError ?? add.error} />
        {warnings && <Warnings warnings={warnings} />}

        <div className="actions dialog-actions">
          {warnings ? (
            <Button variant="danger" busy={add.isPending} onClick={() => save(requestFrom(draft))}>
              Save anyway
            </Button>
          ) : (
            <Button type="submit" busy={checking || add.isPending}>
              Save account
            </Button>
          )}
          <Button variant="quiet" onClick={onClose}>
            Cancel
          </Button>
        </div>
      </form>
    </Dialog>
  )
}

function Warnings({ warnings }: { warnings: readonly PostureFlag[] }) {
  return (
    <div className="warnings" role="alert">
      <p className="warnings-title">
        <TriangleAlert aria-hidden="true" />
        Before you save
      </p>
      <ul>
        {warnings.map((warning, index) => (
          <li key={`${warning.kind}-${index}`}>{warning.message}</li>
        ))}
      </ul>
      <p className="small">Change something above, or save anyway if this is intended.</p>
    </div>
  )
}
