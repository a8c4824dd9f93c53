import { Search } from 'lucide-react'
import { useMemo, type Ref } from 'react'
import type { AccountSummary, Client } from '../../../shared/domain/accounts.ts'
import type { FlagKind } from '../../../shared/domain/flags.ts'
import type { InboxEntryView } from '../../../shared/domain/inbox-views.ts'
import { flagKindFacts, flagKindOrder } from '../../shared/catalog/flags.ts'
import { plural } from '../../shared/format.ts'
import { AccountList } from '../accounts/AccountList.tsx'
import {
  accountsWithFlag,
  filterAccounts,
  searchTexts,
  type ClientScope,
} from '../accounts/account-filters.ts'
import { BulkActions } from '../accounts/BulkActions.tsx'
import { useSelection } from '../accounts/use-selection.ts'
import type { AccountsData } from '../data/queries.ts'
import type { TeamStatusView } from '../../../shared/domain/team-views.ts'
import { ClientSharing } from './ClientSharing.tsx'
import type { TeamSharing } from './team-sharing.ts'

export interface AccountsViewProps {
  data: AccountsData
  clients: readonly Client[]
  scope: ClientScope
  flag: FlagKind | null
  onFlagChange: (flag: FlagKind | null) => void
  search: string
  onSearchChange: (search: string) => void
  searchRef: Ref<HTMLInputElement>
  codesRefreshKey: number
  onCopy: (account: AccountSummary) => void
  onOpen: (account: AccountSummary) => void
  onDelete: (ids: readonly string[], onDone?: () => void) => void
  onAdd: () => void
  focusAccountId: string | null
  onFocusedAccount: () => void
  /** This vault's team, when it is in one: a client's page says whether it is shared, and with whom. */
  team: {
    status: Extract<TeamStatusView, { joined: true }>
    sharing: TeamSharing
    lastChanges: ReadonlyMap<string, { by: string; at: string }>
  } | null
  /** Fresh inbox codes by account, shown on their rows. */
  inboxCodes?: ReadonlyMap<string, InboxEntryView>
  onCopyInbox?: (entry: InboxEntryView, account: AccountSummary) => void
}

export function AccountsView({
  data,
  clients,
  scope,
  flag,
  onFlagChange,
  search,
  onSearchChange,
  searchRef,
  codesRefreshKey,
  onCopy,
  onOpen,
  onDelete,
  onAdd,
  focusAccountId,
  onFocusedAccount,
  team,
  inboxCodes,
  onCopyInbox,
}: AccountsViewProps) {
  const texts = useMemo(() => searchTexts(data.accounts), [data.accounts])
  const shown = useMemo(
    () => filterAccounts(data.accounts, texts, data.flags, { scope, flag, search }),
    [data.accounts, texts, data.flags, scope, flag, search],
  )
  const shownIds = useMemo(() => shown.map((account) => account.id), [shown])
  const selection = useSelection(shownIds)
  const flagCounts = useMemo(
    () => new Map(flagKindOrder.map((kind) => [kind, accountsWithFlag(data.flags, kind).size])),
    [data.flags],
  )

  const title =
    scope.kind === 'all'
      ? 'All accounts'
      : scope.kind === 'unassigned'
        ? 'Unassigned accounts'
        : (clients.find((client) => client.id === scope.id)?.name ?? 'Client')

  return (
    <section className="view accounts-view" aria-labelledby="view-title">
      <header className="view-header">
        <h1 id="view-title">{title}</h1>
        <p className="muted small" aria-live="polite" data-testid="account-count">
          {!data.complete
            ? `Loading ${plural(data.total, 'account')}…`
            : shown.length === data.accounts.length
              ? plural(shown.length, 'account')
              : `${shown.length.toLocaleString()} of ${plural(data.accounts.length, 'account')}`}
        </p>
      </header>
      {team && scope.kind === 'client' && (
        <ClientSharing
          client={title}
          clientId={scope.id}
          accounts={data.accounts.filter((account) => account.clientId === scope.id).length}
          team={team.status}
          sharing={team.sharing}
        />
      )}
      <div className="toolbar">
        <div className="search-field">
          <Search aria-hidden="true" />
          <input
            ref={searchRef}
            type="search"
            className="input"
            aria-label="Search accounts"
            placeholder="Search handle, client, phone, tag…  ( / )"
            value={search}
            onChange={(event) => onSearchChange(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Escape' && search !== '') {
                event.preventDefault()
                onSearchChange('')
              }
            }}
          />
        </div>
        <label className="select-field">
          <span className="visually-hidden">Filter by flag</span>
          <select
            className="input"
            value={flag ?? ''}
            onChange={(event) => onFlagChange((event.target.value || null) as FlagKind | null)}
          >
            <option value="">Any flags</option>
            {flagKindOrder.map((kind) => (
              <option key={kind} value={kind}>
                {flagKindFacts[kind].label}
                {data.complete ? ` (${flagCounts.get(kind) ?? 0})` : ''}
              </option>
            ))}
          </select>
        </label>
      </div>
      {selection.ids.length > 0 && (
        <BulkActions
          ids={selection.ids}
          clients={clients}
          onClear={selection.clear}
          onDelete={(ids) => onDelete(ids, selection.clear)}
        />
      )}
      {shown.length === 0 ? (
        <EmptyList hasAccounts={data.accounts.length > 0} onAdd={onAdd} />
      ) : (
        <AccountList
          accounts={shown}
          flagsByAccount={data.flagsByAccount}
          selection={selection}
          codesRefreshKey={codesRefreshKey}
          onCopy={onCopy}
          onOpen={onOpen}
          onDelete={(ids) => onDelete(ids, selection.clear)}
          describedBy="account-key-hints"
          focusAccountId={focusAccountId}
          onFocusedAccount={onFocusedAccount}
          {...(team ? { lastChanges: team.lastChanges } : {})}
          orderKey={JSON.stringify([scope, flag, search])}
          {...(inboxCodes ? { inboxCodes } : {})}
          {...(onCopyInbox ? { onCopyInbox } : {})}
        />
      )}
      {shown.length > 0 && (
        <p className="key-hints muted small" id="account-key-hints">
          <kbd>↑</kbd>
          <kbd>↓</kbd> move · <kbd>Enter</kbd> copy code · <kbd>Space</kbd> select · <kbd>O</kbd> open ·{' '}
          <kbd>Del</kbd> delete · <kbd>/</kbd> search · <kbd>N</kbd> add
          {inboxCodes && inboxCodes.size > 0 && (
            <>
              {' '}
              · <kbd>I</kbd> copy inbox code
            </>
          )}
        </p>
      )}
    </section>
  )
}

function EmptyList({ hasAccounts, onAdd }: { hasAccounts: boolean; onAdd: () => void }) {
  return (
    <div className="empty-state">
      {hasAccounts ? (
        <p>No accounts match. Try another search or filter.</p>
      ) : (
        <>
          <p>No accounts yet.</p>
          <button type="button" className="button button-primary" onClick={onAdd}>
            Add your first account
          </button>
        </>
      )}
    </div>
  )
}
