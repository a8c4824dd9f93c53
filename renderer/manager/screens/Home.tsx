import { useQueryClient } from '@tanstack/react-query'
import { FileDown, Lock, Plus, ShieldCheck } from 'lucide-react'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { AccountSummary } from '../../../shared/domain/accounts.ts'
import type { FlagKind } from '../../../shared/domain/flags.ts'
import type { InboxEntryView } from '../../../shared/domain/inbox-views.ts'
import type { VaultStatus } from '../../../shared/domain/vault.ts'
import { managerApi } from '../../shared/api.ts'
import { Button } from '../../shared/components/Button.tsx'
import { ErrorMessage } from '../../shared/components/ErrorMessage.tsx'
import { applyTheme } from '../../shared/theme.ts'
import { useVaultAction } from '../../shared/use-vault-status.ts'
import type { ClientScope } from '../accounts/account-filters.ts'
import { useCopyCode } from '../accounts/use-copy-code.ts'
import { useDeleteAccounts } from '../accounts/use-delete-accounts.ts'
import { AddAccountDialog } from '../add/AddAccountDialog.tsx'
import { useCopyInboxCode, useFreshInboxCodes, useInbox, useInboxOpenRequests } from '../inbox/inbox-data.ts'
import { InboxView } from '../inbox/InboxView.tsx'
import { spendAutoUnlockChance } from '../auto-unlock-once.ts'
import {
  useAccounts,
  useClients,
  useSettings,
  useTeamLastChanges,
  useTeamMembers,
  useTeamStatus,
} from '../data/queries.ts'
import { vaultDataKey } from '../data/query-keys.ts'
import { AccountDetail } from '../detail/AccountDetail.tsx'
import { ImportDialog } from '../import/ImportDialog.tsx'
import { BackupReminder } from '../views/BackupReminder.tsx'
import { KeychainCleanupNotice } from '../views/KeychainCleanupNotice.tsx'
import { Sidebar, type Section } from '../Sidebar.tsx'
import { useGlobalShortcuts } from '../use-global-shortcuts.ts'
import { AccountsView } from '../views/AccountsView.tsx'
import { AuditView } from '../views/AuditView.tsx'
import { FlagsView } from '../views/FlagsView.tsx'
import { SettingsView } from '../views/SettingsView.tsx'
import { TeamView } from '../views/TeamView.tsx'
import { teamSharing } from '../views/team-sharing.ts'
import { TrashView } from '../views/TrashView.tsx'

/** The unlocked vault: sections on the left, the chosen one on the right, dialogs over both. */
export function Home({ status }: { status: VaultStatus }) {
  useEffect(spendAutoUnlockChance, [])
  useDropVaultDataWhenLocked()
  const lock = useVaultAction(() => managerApi().lockVault({}))

  const accounts = useAccounts()
  const clients = useClients()
  const settings = useSettings()
  const team = useTeamStatus()
  const teamStatus = team.data?.joined ? team.data : null
  const teamMembers = useTeamMembers(teamStatus !== null)
  const sharing = useMemo(() => teamSharing(teamMembers.data ?? []), [teamMembers.data])
  const lastChanges = useTeamLastChanges(teamStatus !== null)
  const inbox = useInbox(teamStatus !== null)
  const freshInbox = useFreshInboxCodes(inbox.data)
  const copyInboxCode = useCopyInboxCode()
  const copyAccountInboxCode = useCallback(
    (entry: InboxEntryView, account: AccountSummary) => copyInboxCode(entry, account.handle),
    [copyInboxCode],
  )
  const theme = settings.data?.theme
  useEffect(() => {
    if (theme) applyTheme(theme)
  }, [theme])

  const [section, setSection] = useState<Section>('accounts')
  const [scope, setScope] = useState<ClientScope>({ kind: 'all' })
  const [flag, setFlag] = useState<FlagKind | null>(null)
  const [search, setSearch] = useState('')
  const [openAccountId, setOpenAccountId] = useState<string | null>(null)
  const [adding, setAdding] = useState(false)
  const [importing, setImporting] = useState(false)
  const [auditAccountId, setAuditAccountId] = useState<string | null>(null)
  const [auditAction, setAuditAction] = useState<string | null>(null)
  const [codesRefreshKey, setCodesRefreshKey] = useState(0)
  /** A row to focus once it is in the list: the account just added, ready for Enter to copy its code. */
  const [focusAccountId, setFocusAccountId] = useState<string | null>(null)
  const searchRef = useRef<HTMLInputElement>(null)

  const bumpCodes = useCallback(() => setCodesRefreshKey((key) => key + 1), [])
  const copy = useCopyCode(bumpCodes)
  const deleteAccounts = useDeleteAccounts()
  const openAccount = useCallback((account: AccountSummary) => setOpenAccountId(account.id), [])
  useInboxOpenRequests(useCallback(() => setSection('inbox'), []))

  useGlobalShortcuts({
    onSearch: () => {
      setSection('accounts')
      // The search box exists once the accounts view has rendered.
      requestAnimationFrame(() => searchRef.current?.focus())
    },
    onAdd: () => setAdding(true),
  })

  const data = accounts.data
  const flaggedCount = useMemo(
    () =>
      data?.complete
        ? new Set(data.flags.filter((each) => each.severity !== 'info').flatMap((each) => each.accountIds))
            .size
        : undefined,
    [data],
  )
  const detailAccount = openAccountId === null ? undefined : data?.byId.get(openAccountId)

  function showAccounts(next: ClientScope, nextFlag: FlagKind | null = flag) {
    setScope(next)
    setFlag(nextFlag)
    setSection('accounts')
  }

  return (
    <div className="app-shell manager">
      <header className="top-bar">
        <span className="brand">
          <ShieldCheck aria-hidden="true" />
          Twofold
        </span>
        <div className="top-actions">
          <Button icon={<Plus aria-hidden="true" />} onClick={() => setAdding(true)} aria-keyshortcuts="n">
            Add account
          </Button>
          <Button
            variant="secondary"
            icon={<FileDown aria-hidden="true" />}
            onClick={() => setImporting(true)}
          >
            Import
          </Button>
          <Button
            variant="secondary"
            icon={<Lock aria-hidden="true" />}
            busy={lock.isPending}
            onClick={() => lock.mutate()}
          >
            Lock
          </Button>
        </div>
      </header>
      <div className="workspace">
        <Sidebar
          section={section}
          scope={scope}
          accounts={data?.accounts ?? []}
          total={data?.total ?? 0}
          clients={clients.data ?? []}
          flaggedCount={flaggedCount}
          inTeam={teamStatus !== null}
          sharedClients={sharing.shared}
          freshInboxCodes={freshInbox.count}
          onAccounts={(next) => showAccounts(next)}
          onSection={setSection}
        />
        <main className="main-area">
          <ErrorMessage error={lock.error ?? accounts.error} />
          <KeychainCleanupNotice status={status} />
          <BackupReminder onOpenSettings={() => setSection('settings')} />
          {section === 'accounts' &&
            (data ? (
              <AccountsView
                data={data}
                clients={clients.data ?? []}
                scope={scope}
                flag={flag}
                onFlagChange={setFlag}
                search={search}
                onSearchChange={setSearch}
                searchRef={searchRef}
                codesRefreshKey={codesRefreshKey}
                onCopy={copy}
                onOpen={openAccount}
                onDelete={deleteAccounts}
                onAdd={() => setAdding(true)}
                focusAccountId={focusAccountId}
                onFocusedAccount={() => setFocusAccountId(null)}
                team={teamStatus ? { status: teamStatus, sharing, lastChanges } : null}
                inboxCodes={freshInbox.byAccount}
                onCopyInbox={copyAccountInboxCode}
              />
            ) : (
              <p className="muted loading">Loading accounts…</p>
            ))}
          {section === 'flags' &&
            (data?.complete ? (
              <FlagsView
                data={data}
                clients={clients.data ?? []}
                onOpenAccount={openAccount}
                onShowFlag={(kind) => showAccounts({ kind: 'all' }, kind)}
              />
            ) : (
              <p className="muted loading">Loading accounts…</p>
            ))}
          {section === 'inbox' && (
            <InboxView entries={inbox.data} error={inbox.error} team={teamStatus} onCopy={copyInboxCode} />
          )}
          {section === 'audit' && (
            <AuditView
              accounts={data}
              accountId={auditAccountId}
              onAccountChange={setAuditAccountId}
              action={auditAction}
              onActionChange={setAuditAction}
              inTeam={teamStatus !== null}
            />
          )}
          {section === 'trash' && <TrashView />}
          {section === 'team' && teamStatus && <TeamView status={teamStatus} />}
          {section === 'settings' && <SettingsView status={status} />}
        </main>
      </div>

      {detailAccount && data && (
        <AccountDetail
          account={detailAccount}
          flags={data.flagsByAccount.get(detailAccount.id) ?? []}
          clients={clients.data ?? []}
          passwordSlot={status.slots.password}
          onClose={() => setOpenAccountId(null)}
          onCopy={copy}
          onDelete={(ids) => deleteAccounts(ids, () => setOpenAccountId(null))}
          onShowHistory={(id) => {
            setAuditAccountId(id)
            setOpenAccountId(null)
            setSection('audit')
          }}
        />
      )}
      {importing && (
        <ImportDialog
          onClose={() => setImporting(false)}
          onImported={() => {
            setSearch('')
            showAccounts({ kind: 'all' }, null)
          }}
        />
      )}
      {adding && (
        <AddAccountDialog
          clients={clients.data ?? []}
          onClose={() => setAdding(false)}
          onAdded={(account) => {
            setAdding(false)
            setSearch('')
            showAccounts({ kind: 'all' }, null)
            setFocusAccountId(account.id)
          }}
        />
      )}
    </div>
  )
}

/**
 * Nothing read from the vault outlives the unlocked session: leaving this screen (the vault locked,
 * here or elsewhere) drops every cached list.
 */
function useDropVaultDataWhenLocked(): void {
  const queryClient = useQueryClient()
  useEffect(() => () => queryClient.removeQueries({ queryKey: vaultDataKey }), [queryClient])
}
