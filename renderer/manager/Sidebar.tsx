import {
  Flag,
  History,
  Inbox,
  Layers,
  Network,
  Settings,
  Share2,
  Trash2,
  UserRound,
  Users,
} from 'lucide-react'
import type { ReactNode } from 'react'
import type { AccountSummary, Client } from '../../shared/domain/accounts.ts'
import type { ClientScope } from './accounts/account-filters.ts'

export type Section = 'accounts' | 'flags' | 'inbox' | 'audit' | 'trash' | 'team' | 'settings'

export interface SidebarProps {
  section: Section
  scope: ClientScope
  accounts: readonly AccountSummary[]
  /** Accounts in the vault; more than `accounts.length` while only the first page is in. */
  total: number
  clients: readonly Client[]
  /** Accounts with at least one warning or critical flag; unknown until every account is in. */
  flaggedCount: number | undefined
  /** This vault belongs to a team: its members view is one section more. */
  inTeam: boolean
  /** Names of the clients shared with the team (the others are personal: they stay here). */
  sharedClients: ReadonlySet<string>
  /** Fresh codes waiting in the inbox (a team's): shown beside its entry. */
  freshInboxCodes?: number
  onAccounts: (scope: ClientScope) => void
  onSection: (section: Exclude<Section, 'accounts'>) => void
}

export function Sidebar({
  section,
  scope,
  accounts,
  total,
  clients,
  flaggedCount,
  inTeam,
  sharedClients,
  freshInboxCodes,
  onAccounts,
  onSection,
}: SidebarProps) {
  // Counts per client need every account: until the rest of the list is in, every client is listed
  // without a count rather than with a wrong one.
  const complete = accounts.length === total
  const perClient = new Map<string, number>()
  let unassigned = 0
  for (const account of accounts) {
    if (account.clientId === null) unassigned++
    else perClient.set(account.clientId, (perClient.get(account.clientId) ?? 0) + 1)
  }
  const inAccounts = section === 'accounts'
  const isScope = (candidate: ClientScope) =>
    inAccounts &&
    candidate.kind === scope.kind &&
    (candidate.kind !== 'client' || (scope.kind === 'client' && scope.id === candidate.id))

  return (
    <nav className="sidebar" aria-label="Sections">
      <ul className="nav-list">
        <NavItem
          icon={<Layers />}
          label="All accounts"
          count={total}
          current={isScope({ kind: 'all' })}
          onClick={() => onAccounts({ kind: 'all' })}
        />
      </ul>
      <h2 className="nav-heading" id="clients-heading">
        Clients
      </h2>
      <ul className="nav-list" aria-labelledby="clients-heading">
        {clients
          .filter((client) => !complete || perClient.has(client.id))
          .map((client) => (
            <NavItem
              key={client.id}
              icon={sharedClients.has(client.name) ? <Share2 /> : <Users />}
              label={client.name}
              {...(sharedClients.has(client.name) ? { note: 'shared' } : {})}
              count={complete ? (perClient.get(client.id) ?? 0) : undefined}
              current={isScope({ kind: 'client', id: client.id })}
              onClick={() => onAccounts({ kind: 'client', id: client.id })}
            />
          ))}
        <NavItem
          icon={<UserRound />}
          label="Unassigned"
          count={complete ? unassigned : undefined}
          current={isScope({ kind: 'unassigned' })}
          onClick={() => onAccounts({ kind: 'unassigned' })}
        />
      </ul>
      <h2 className="nav-heading" id="vault-nav-heading">
        Vault
      </h2>
      <ul className="nav-list" aria-labelledby="vault-nav-heading">
        <NavItem
          icon={<Flag />}
          label="Flags"
          count={flaggedCount}
          countLabel="accounts flagged"
          current={section === 'flags'}
          onClick={() => onSection('flags')}
        />
        {inTeam && (
          <NavItem
            icon={<Inbox />}
            label="Inbox"
            {...(freshInboxCodes
              ? { count: freshInboxCodes, countLabel: freshInboxCodes === 1 ? 'fresh code' : 'fresh codes' }
              : {})}
            current={section === 'inbox'}
            onClick={() => onSection('inbox')}
          />
        )}
        <NavItem
          icon={<History />}
          label="Audit log"
          current={section === 'audit'}
          onClick={() => onSection('audit')}
        />
        <NavItem
          icon={<Trash2 />}
          label="Trash"
          current={section === 'trash'}
          onClick={() => onSection('trash')}
        />
        {inTeam && (
          <NavItem
            icon={<Network />}
            label="Team"
            current={section === 'team'}
            onClick={() => onSection('team')}
          />
        )}
        <NavItem
          icon={<Settings />}
          label="Settings"
          current={section === 'settings'}
          onClick={() => onSection('settings')}
        />
      </ul>
    </nav>
  )
}

function NavItem({
  icon,
  label,
  count,
  countLabel = 'accounts',
  note,
  current,
  onClick,
}: {
  icon: ReactNode
  label: string
  /** Said to screen readers after the label; the icon says it to the eye. */
  note?: string
  count?: number
  countLabel?: string
  current: boolean
  onClick: () => void
}) {
  return (
    <li>
      <button
        type="button"
        className="nav-item"
        aria-current={current ? 'page' : undefined}
        onClick={onClick}
      >
        <span className="nav-icon" aria-hidden="true">
          {icon}
        </span>
        <span className="nav-label">
          {label}
          {note && <span className="visually-hidden">, {note}</span>}
        </span>
        {count !== undefined && (
          <span className="nav-count">
            {count.toLocaleString()}
            <span className="visually-hidden"> {countLabel}</span>
          </span>
        )}
      </button>
    </li>
  )
}
