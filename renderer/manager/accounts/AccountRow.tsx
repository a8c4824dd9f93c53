import type { MouseEvent } from 'react'
import type { AccountSummary } from '../../../shared/domain/accounts.ts'
import type { PostureFlag } from '../../../shared/domain/flags.ts'
import { inboxChannelLabel, type InboxEntryView } from '../../../shared/domain/inbox-views.ts'
import type { CodeView } from '../../../shared/domain/views.ts'
import { formatAgo, groupCode } from '../../shared/format.ts'
import { formatInboxAgo, inboxCodeText } from '../inbox/inbox-format.ts'
import { FlagBadges, MethodBadges, PlatformMark } from './badges.tsx'
import { CountdownRing, URGENT_SECONDS } from './CountdownRing.tsx'

export const ROW_HEIGHT = 60

export interface AccountRowProps {
  account: AccountSummary
  index: number
  /** Where the virtualiser places the row. */
  top: number
  flags: readonly PostureFlag[] | undefined
  code: CodeView | undefined
  now: number
  active: boolean
  /** In the tab order: the active row, or the first one shown when the active row scrolled away. */
  tabbable: boolean
  selected: boolean
  onActivate: (index: number) => void
  onToggleSelected: (id: string, range: boolean) => void
  onCopy: (account: AccountSummary) => void
  onOpen: (account: AccountSummary) => void
  /** A team account's last change: who made it (a colleague, or this person) and when. */
  lastChange?: { by: string; at: string } | undefined
  /** A fresh SMS or WhatsApp code the inbox matched to this account. */
  inboxCode?: InboxEntryView | undefined
  onCopyInbox?: (entry: InboxEntryView, account: AccountSummary) => void
}

/**
 * One account in the grid. The row takes focus (roving tabindex); its checkbox and code button are out
 * of the tab order because the row's keys reach them (Space selects, Enter copies).
 */
export function AccountRow({
  account,
  index,
  top,
  flags,
  code,
  now,
  active,
  tabbable,
  selected,
  onActivate,
  onToggleSelected,
  onCopy,
  onOpen,
  lastChange,
  inboxCode,
  onCopyInbox,
}: AccountRowProps) {
  const stopAnd = (action: () => void) => (event: MouseEvent) => {
    event.stopPropagation()
    onActivate(index)
    action()
  }

  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-index={index}
      data-account-id={account.id}
      tabIndex={tabbable ? 0 : -1}
      className={['account-row', selected ? 'is-selected' : '', active ? 'is-active' : ''].join(' ')}
      style={{ transform: `translateY(${top}px)`, height: ROW_HEIGHT }}
      onFocus={(event) => {
        if (event.target === event.currentTarget) onActivate(index)
      }}
      onClick={() => {
        onActivate(index)
        onOpen(account)
      }}
    >
      <div role="gridcell" className="cell cell-select">
        <input
          type="checkbox"
          tabIndex={-1}
          checked={selected}
          aria-label={`Select ${account.handle}`}
          onClick={(event) => {
            event.stopPropagation()
            onActivate(index)
            onToggleSelected(account.id, event.shiftKey)
          }}
          // The click handler decides, since only it knows about Shift.
          onChange={() => undefined}
        />
      </div>
      <div role="gridcell" className="cell cell-account">
        <PlatformMark platform={account.platform} issuer={account.issuer} />
        <div className="account-names">
          <span className="account-handle">{account.handle}</span>
          <span className="account-sub">
            {account.clientName ?? 'Unassigned'}
            {account.displayName && account.displayName !== account.clientName
              ? ` · ${account.displayName}`
              : ''}
            {lastChange && (
              <span className="account-changed" title={lastChange.at}>
                {' '}
                · changed by {lastChange.by} {formatAgo(lastChange.at, now)}
              </span>
            )}
          </span>
          {inboxCode && onCopyInbox && account.methods.authenticator && (
            // Under the name only when an app code holds the CODE column; otherwise the inbox code
            // is the row's code and stands there. Out of the tab order like the app code's button:
            // the row's I key copies it.
            <button
              type="button"
              tabIndex={-1}
              className="account-inbox-code"
              data-testid="inbox-code"
              title="Copy code"
              onClick={stopAnd(() => onCopyInbox(inboxCode, account))}
            >
              {inboxCodeText(inboxCode)}
              <span className="muted"> · {formatInboxAgo(inboxCode.receivedAt, now)}</span>
              <span className="visually-hidden">. Copy</span>
            </button>
          )}
        </div>
      </div>
      <div role="gridcell" className="cell cell-methods">
        <MethodBadges account={account} />
      </div>
      <div role="gridcell" className="cell cell-flags">
        <FlagBadges flags={flags} />
      </div>
      <div role="gridcell" className="cell cell-code">
        {!account.methods.authenticator && inboxCode && onCopyInbox ? (
          <InboxCodeCell
            entry={inboxCode}
            now={now}
            onCopy={stopAnd(() => onCopyInbox(inboxCode, account))}
          />
        ) : (
          <CodeCell account={account} code={code} now={now} onCopy={stopAnd(() => onCopy(account))} />
        )}
      </div>
    </div>
  )
}

/**
 * An account with no app code whose number just received one: that code is the row's code, as large
 * as an app code, with the channel and its age where the countdown ring would be.
 */
function InboxCodeCell({
  entry,
  now,
  onCopy,
}: {
  entry: InboxEntryView
  now: number
  onCopy: (event: MouseEvent) => void
}) {
  const channel = inboxChannelLabel(entry.channel)
  const ago = formatInboxAgo(entry.receivedAt, now)
  return (
    <button
      type="button"
      tabIndex={-1}
      className="code code-inbox"
      onClick={onCopy}
      title={`Copy the ${channel} code`}
      data-testid="inbox-code"
    >
      <span className="visually-hidden">{channel} code </span>
      <span className="code-digits">{entry.code === null ? '' : groupCode(entry.code)}</span>
      <span className="visually-hidden">, received {ago}. Copy</span>
      <span className="code-inbox-label" aria-hidden="true">
        <span className="code-inbox-channel">{channel}</span>
        <span className="code-inbox-age">{ago}</span>
      </span>
    </button>
  )
}

function CodeCell({
  account,
  code,
  now,
  onCopy,
}: {
  account: AccountSummary
  code: CodeView | undefined
  now: number
  onCopy: (event: MouseEvent) => void
}) {
  if (!account.methods.authenticator) return <span className="muted small">No app code</span>
  if (!code) {
    return (
      <span className="code code-pending">
        <span aria-hidden="true">••• •••</span>
        <span className="visually-hidden">Code loading</span>
      </span>
    )
  }
  const secondsLeft = code.validUntil === null ? null : Math.max(0, Math.ceil((code.validUntil - now) / 1000))
  const urgent = secondsLeft !== null && secondsLeft <= URGENT_SECONDS
  return (
    <button
      type="button"
      tabIndex={-1}
      className={urgent ? 'code code-urgent' : 'code'}
      onClick={onCopy}
      title="Copy code"
      data-testid="code"
    >
      <span className="code-digits">{groupCode(code.code)}</span>
      {secondsLeft !== null && code.period !== null && (
        <>
          <CountdownRing secondsLeft={secondsLeft} period={code.period} />
          <span className="visually-hidden">, {secondsLeft} seconds left. Copy</span>
        </>
      )}
    </button>
  )
}
