import { useMutation, useQuery } from '@tanstack/react-query'
import { Copy, MessageSquareText } from 'lucide-react'
import { useId, useState, type FormEvent } from 'react'
import {
  DEFAULT_INBOX_RETENTION_HOURS,
  type InboxEnabledView,
  type InboxSetupPreview,
  type InboxWebhookView,
} from '../../../shared/domain/inbox-setup-views.ts'
import { managerApi, messageOf, unwrap } from '../../shared/api.ts'
import { Button } from '../../shared/components/Button.tsx'
import { Dialog } from '../../shared/components/Dialog.tsx'
import { ErrorMessage } from '../../shared/components/ErrorMessage.tsx'
import { useToast } from '../../shared/components/Toasts.tsx'
import { plural } from '../../shared/format.ts'

const PROVIDER_NAMES: Record<InboxWebhookView['provider'], string> = {
  twilio: 'Twilio',
  'meta-whatsapp': 'WhatsApp Cloud API',
  'android-sms-gateway': 'android-sms-gateway',
  json: 'JSON (forwarder apps)',
}

/** An admin's button on a shared client's page. */
export function InboxSetupButton({ clientId, client }: { clientId: string; client: string }) {
  const [open, setOpen] = useState(false)
  return (
    <>
      <Button
        variant="secondary"
        className="button-small"
        icon={<MessageSquareText aria-hidden="true" />}
        onClick={() => setOpen(true)}
      >
        Set up code inbox…
      </Button>
      {open && <InboxSetupDialog clientId={clientId} client={client} onClose={() => setOpen(false)} />}
    </>
  )
}

/**
 * Turning a shared client's code inbox on (or refreshing its numbers): first what will be registered
 * and what the server can read, then each provider's webhook URL to give the SMS provider. The json
 * URL's token never reaches this window: it is shown masked and main copies the real one.
 */
export function InboxSetupDialog({
  clientId,
  client,
  onClose,
}: {
  clientId: string
  client: string
  onClose: () => void
}) {
  const preview = useQuery({
    queryKey: ['inbox-setup-preview', clientId],
    gcTime: 0,
    queryFn: () => unwrap(managerApi().previewInboxSetup({ clientId })),
  })
  const enable = useMutation({
    mutationFn: (retentionHours: number) => unwrap(managerApi().enableInbox({ clientId, retentionHours })),
  })
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && !enable.isPending && onClose()}
      title={`Code inbox for ${client}`}
      className="inbox-setup-dialog"
    >
      {enable.data ? (
        <Enabled clientId={clientId} client={client} enabled={enable.data} onClose={onClose} />
      ) : (
        <div className="stack">
          <ErrorMessage error={preview.error} />
          {preview.isPending && <p className="muted">Reading {client}’s numbers…</p>}
          {preview.data && (
            <SetupForm
              client={client}
              preview={preview.data}
              busy={enable.isPending}
              error={enable.error}
              onEnable={(hours) => enable.mutate(hours)}
              onCancel={onClose}
            />
          )}
        </div>
      )}
    </Dialog>
  )
}

function SetupForm({
  client,
  preview,
  busy,
  error,
  onEnable,
  onCancel,
}: {
  client: string
  preview: InboxSetupPreview
  busy: boolean
  error: unknown
  onEnable: (retentionHours: number) => void
  onCancel: () => void
}) {
  const id = useId()
  const [hours, setHours] = useState(String(DEFAULT_INBOX_RETENTION_HOURS))
  const retention = Number(hours)
  const retentionOk = Number.isInteger(retention) && retention >= 1 && retention <= 720
  const ready = preview.numbers.length > 0 && preview.unusable.length === 0 && retentionOk
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (ready) onEnable(retention)
  }
  return (
    <form className="stack" onSubmit={submit} noValidate aria-label={`Set up ${client}’s code inbox`}>
      {preview.numbers.length === 0 && preview.unusable.length === 0 ? (
        <p className="notice" data-testid="inbox-setup-no-numbers">
          No account of {client} has an SMS or WhatsApp number, so there is nothing to register. Add the
          number each platform sends its codes to (on the account’s page), then set up the inbox.
        </p>
      ) : (
        <>
          <p className="lead">
            Codes sent to {preview.numbers.length === 1 ? 'this number' : 'these numbers'} will reach everyone
            who holds {client}, and nobody else:
          </p>
          <ul className="plain-list inbox-setup-numbers" aria-label="Numbers to register">
            {preview.numbers.map((number) => (
              <li key={number.number + number.accounts.join()}>
                <span className="phone-number">{number.number}</span>{' '}
                <span className="muted small">
                  {number.channels
                    .map((channel) => (channel === 'whatsapp' ? 'WhatsApp' : 'SMS'))
                    .join(' and ')}{' '}
                  · {number.accounts.join(', ')}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      {preview.unusable.length > 0 && (
        <div className="notice" role="status">
          <p>
            {plural(preview.unusable.length, 'number')} not written as an international number (+ and country
            code); the server could not match codes to {preview.unusable.length === 1 ? 'it' : 'them'}. Fix{' '}
            {preview.unusable.length === 1 ? 'it' : 'them'} first:
          </p>
          <ul className="plain-list">
            {preview.unusable.map((entry) => (
              <li key={entry.account + entry.number}>
                {entry.account} <span className="muted">({entry.number})</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="field">
        <label htmlFor={`${id}-hours`}>Keep messages for (hours)</label>
        <input
          id={`${id}-hours`}
          className="input input-narrow"
          type="number"
          inputMode="numeric"
          min={1}
          max={720}
          value={hours}
          aria-invalid={!retentionOk || undefined}
          aria-describedby={`${id}-hours-hint`}
          onChange={(event) => setHours(event.target.value)}
        />
        <p className="field-hint" id={`${id}-hours-hint`}>
          For the whole team, 1 to 720 hours; {DEFAULT_INBOX_RETENTION_HOURS} unless you change it.
        </p>
      </div>
      <p className="muted small" data-testid="inbox-setup-trust">
        What the server can read: your SMS provider delivers each message in plain text, and the team server
        sees it only for the moment it takes to seal it to {client}’s inbox key. It stores the sealed copy
        alone — no text, code, sender or number (numbers only as keyed hashes) — and only the devices of
        people who hold {client} can open it.
      </p>
      <ErrorMessage error={error} />
      <div className="actions">
        <Button type="submit" busy={busy} disabled={!ready}>
          Set up inbox
        </Button>
        <Button variant="quiet" disabled={busy} onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  )
}

function Enabled({
  clientId,
  client,
  enabled,
  onClose,
}: {
  clientId: string
  client: string
  enabled: InboxEnabledView
  onClose: () => void
}) {
  const toast = useToast()
  const copy = async (webhook: InboxWebhookView) => {
    try {
      await unwrap(managerApi().copyInboxWebhook({ clientId, url: webhook.url }))
      toast({ message: `Copied the ${PROVIDER_NAMES[webhook.provider]} webhook URL` })
    } catch (error) {
      toast({ message: messageOf(error), tone: 'error' })
    }
  }
  return (
    <div className="stack">
      <p className="lead" role="status">
        {plural(enabled.numbers, 'number')} of {client} registered; messages are kept {enabled.retentionHours}{' '}
        h.
      </p>
      <p>
        Give the provider you use its webhook URL (set-up for each one: docs/inbox.md). Copied URLs leave the
        clipboard like codes do.
      </p>
      <ul className="plain-list inbox-webhooks" aria-label="Webhook URLs">
        {enabled.webhooks.map((webhook) => (
          <li key={webhook.url} className="inbox-webhook">
            <span className="inbox-webhook-provider">{PROVIDER_NAMES[webhook.provider]}</span>
            <code className="inbox-webhook-url">{webhook.url}</code>
            {webhook.masked && (
              <span className="muted small">The token is hidden here; Copy gives the whole URL.</span>
            )}
            <Button
              variant="secondary"
              className="button-small"
              icon={<Copy aria-hidden="true" />}
              aria-label={`Copy the ${PROVIDER_NAMES[webhook.provider]} webhook URL`}
              onClick={() => void copy(webhook)}
            >
              Copy
            </Button>
          </li>
        ))}
      </ul>
      <div className="actions">
        <Button onClick={onClose}>Done</Button>
      </div>
    </div>
  )
}
