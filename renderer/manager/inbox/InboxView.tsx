import { Copy, MessageSquareText, TriangleAlert } from 'lucide-react'
import { useId, useMemo, useState } from 'react'
import { inboxChannelLabel, type InboxEntryView } from '../../../shared/domain/inbox-views.ts'
import type { TeamStatusView } from '../../../shared/domain/team-views.ts'
import { managerApi, messageOf, unwrap } from '../../shared/api.ts'
import { Button } from '../../shared/components/Button.tsx'
import { ErrorMessage } from '../../shared/components/ErrorMessage.tsx'
import { formatDateTime, groupCode, plural } from '../../shared/format.ts'
import { useNow } from '../../shared/use-now.ts'
import { formatInboxAgo } from './inbox-format.ts'

export interface InboxViewProps {
  entries: readonly InboxEntryView[] | undefined
  error: unknown
  team: Extract<TeamStatusView, { joined: true }> | null
  onCopy: (entry: InboxEntryView, label: string) => void
}

/**
 * The code inbox: messages to the numbers of the clients this person holds, per client and newest
 * first, each with its code, the account it is for (or why Twofold cannot tell), and its full text
 * only on request.
 */
export function InboxView({ entries, error, team, onCopy }: InboxViewProps) {
  const now = useNow()
  const byClient = useMemo(() => {
    const groups = new Map<string, { name: string; entries: InboxEntryView[] }>()
    const sorted = [...(entries ?? [])].sort((a, b) => b.receivedAt.localeCompare(a.receivedAt))
    for (const entry of sorted) {
      const group = groups.get(entry.clientId)
      if (group) group.entries.push(entry)
      else groups.set(entry.clientId, { name: entry.clientName || 'Client', entries: [entry] })
    }
    return [...groups.entries()]
  }, [entries])

  return (
    <section className="view inbox-view" aria-labelledby="view-title">
      <header className="view-header">
        <h1 id="view-title">Inbox</h1>
        <p className="muted small">
          SMS and WhatsApp codes sent to your clients’ numbers, sealed for the people who hold the client.
        </p>
      </header>
      <ErrorMessage error={error} />
      <div className="view-scroll">
        {entries && entries.length === 0 && <EmptyInbox team={team} />}
        {byClient.map(([clientId, group]) => (
          <section key={clientId} className="panel inbox-client" aria-labelledby={`inbox-client-${clientId}`}>
            <h2 id={`inbox-client-${clientId}`}>{group.name}</h2>
            <ul className="plain-list inbox-list">
              {group.entries.map((entry) => (
                <InboxItem key={entry.messageId} entry={entry} now={now} onCopy={onCopy} />
              ))}
            </ul>
          </section>
        ))}
      </div>
    </section>
  )
}

function InboxItem({
  entry,
  now,
  onCopy,
}: {
  entry: InboxEntryView
  now: number
  onCopy: (entry: InboxEntryView, label: string) => void
}) {
  const textId = useId()
  const [text, setText] = useState<string | null>(null)
  const [textProblem, setTextProblem] = useState<string | null>(null)
  const [reading, setReading] = useState(false)
  const channel = inboxChannelLabel(entry.channel)
  const { match } = entry
  const label =
    match.kind === 'account' ? match.handle : match.kind === 'shared-phone' ? match.phone : entry.to

  async function toggleText() {
    if (text !== null) return setText(null)
    setReading(true)
    setTextProblem(null)
    try {
      setText((await unwrap(managerApi().readInboxText({ messageId: entry.messageId }))).text)
    } catch (error) {
      setTextProblem(messageOf(error))
    } finally {
      setReading(false)
    }
  }

  return (
    <li className="inbox-item" data-message-id={entry.messageId}>
      <div className="inbox-item-main">
        <span className="inbox-code">
          <span className="inbox-channel">{channel} code</span>{' '}
          {entry.code === null ? (
            <span className="muted">none found</span>
          ) : (
            <span className="code-digits">{groupCode(entry.code)}</span>
          )}
        </span>
        <span className="inbox-for">
          {match.kind === 'account' && `for ${match.handle}`}
          {match.kind === 'shared-phone' && (
            <span className="inbox-warning">
              <TriangleAlert aria-hidden="true" /> Number {match.phone} shared by{' '}
              {plural(match.accountIds.length, 'account')} — can’t tell which
              {match.handles.length > 0 ? `: ${match.handles.join(', ')}` : ''}
            </span>
          )}
          {match.kind === 'none' && `to ${entry.to}, no account of yours has this number`}
        </span>
      </div>
      <div className="inbox-item-meta muted small">
        from {entry.from} ·{' '}
        <time dateTime={entry.receivedAt} title={formatDateTime(entry.receivedAt)}>
          {formatInboxAgo(entry.receivedAt, now)}
        </time>
      </div>
      <div className="inbox-item-actions">
        {entry.code !== null && (
          <Button
            variant="secondary"
            className="button-small"
            icon={<Copy aria-hidden="true" />}
            aria-label={`Copy code for ${label}`}
            onClick={() => onCopy(entry, label)}
          >
            Copy code
          </Button>
        )}
        <Button
          variant="quiet"
          className="button-small"
          icon={<MessageSquareText aria-hidden="true" />}
          aria-expanded={text !== null}
          aria-controls={textId}
          busy={reading}
          onClick={() => void toggleText()}
        >
          {text === null ? 'Show full text' : 'Hide full text'}
        </Button>
      </div>
      <ErrorMessage error={textProblem} />
      <div id={textId}>{text !== null && <blockquote className="inbox-text">{text}</blockquote>}</div>
    </li>
  )
}

function EmptyInbox({ team }: { team: Extract<TeamStatusView, { joined: true }> | null }) {
  if (!team) {
    return (
      <div className="empty-state inbox-empty">
        <p>The inbox is part of a team: join or create one in Settings → Team.</p>
      </div>
    )
  }
  const admin = team.role === 'owner' || team.role === 'admin'
  return (
    <div className="empty-state inbox-empty">
      <p>No codes yet.</p>
      {admin ? (
        <p>
          To receive a client’s SMS and WhatsApp codes here, open the shared client in the sidebar and choose{' '}
          <strong>Set up code inbox…</strong> (or run <code>twofold team inbox enable CLIENT</code>): it
          registers the client’s numbers and gives a webhook URL per provider for your SMS provider or
          forwarding phone. Codes then reach everyone who holds that client, and nobody else.
        </p>
      ) : (
        <p>
          An admin enables a client’s inbox (<code>twofold team inbox enable CLIENT</code>); codes sent to its
          numbers then appear here for everyone who holds it.
        </p>
      )}
      <p className="muted small">How to set up each provider: docs/inbox.md in Twofold’s documentation.</p>
    </div>
  )
}
