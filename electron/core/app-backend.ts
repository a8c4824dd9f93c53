import {
  contract,
  isChannel,
  type ChannelSpec,
  type EventName,
  type EventPayload,
} from '../../shared/ipc/contract.ts'
import type { AccountEditing } from './accounts/account-editing.ts'
import type { AccountQueries } from './accounts/account-queries.ts'
import { createAccountServices } from './accounts/account-services.ts'
import type { AccountTransfer } from './accounts/account-transfer.ts'
import type { AuditTrail } from './accounts/audit-trail.ts'
import type { BackupCodeService } from './accounts/backup-code-service.ts'
import type { CodeService } from './accounts/code-service.ts'
import type { SettingsService } from './accounts/settings-service.ts'
import { accountHandlers } from './ipc/account-handlers.ts'
import { createDispatcher, joinHandlers, type Dispatch, type Handlers } from './ipc/dispatcher.ts'
import { desktopHandlers, headlessDesktop, type DesktopPort } from './ipc/desktop-handlers.ts'
import { inboxHandlers } from './ipc/inbox-handlers.ts'
import { inboxSetupHandlers } from './ipc/inbox-setup-handlers.ts'
import { teamHandlers } from './ipc/team-handlers.ts'
import { transferHandlers } from './ipc/transfer-handlers.ts'
import { vaultHandlers } from './ipc/vault-handlers.ts'
import { AppPreferencesStore } from './preferences/app-preferences.ts'
import { AutoBackup } from './transfer/auto-backup.ts'
import { BackupService } from './transfer/backup-service.ts'
import { JournalWatch } from './store/journal-watch.ts'
import { TeamAwareBackupCodes } from './team/team-aware-backup-codes.ts'
import { TeamService } from './team/team-service.ts'
import { HeldFiles } from './transfer/held-files.ts'
import { ImportSessions } from './transfer/import-sessions.ts'
import type { Timers } from './clipboard/clipboard-guard.ts'
import { noClipboard, type Clipboard } from './clipboard/clipboard.ts'
import type { Keychain } from './vault/keychain.ts'
import { Vault } from './vault/vault.ts'

export interface BackendOptions {
  home: string
  keychain: Keychain
  /** Where copied codes go: Electron's clipboard in the app. */
  clipboard?: Clipboard
  /** The desktop shell (hotkey, popup); absent in the CLI. */
  desktop?: DesktopPort
  now?: () => number
  /** Injected by tests that move time by hand. */
  timers?: Timers
  reportUnexpected?: (channel: string, error: unknown) => void
}

export interface Backend {
  readonly vault: Vault
  readonly queries: AccountQueries
  readonly editing: AccountEditing
  readonly codes: CodeService
  readonly backupCodes: BackupCodeService
  readonly transfer: AccountTransfer
  readonly audit: AuditTrail
  readonly settings: SettingsService
  readonly preferences: AppPreferencesStore
  readonly backups: BackupService
  readonly autoBackup: AutoBackup
  /** The team vault (issue 15): create, join, sync, share; the CLI's `team` commands. */
  readonly team: TeamService
  /** Backup codes wherever an account's live: a team account's on the team server, a personal one's here. */
  readonly teamAwareBackupCodes: TeamAwareBackupCodes
  dispatch: Dispatch
  /** Events for every window; main forwards them over IPC, the harness over server-sent events. */
  subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void
  /** Main calls this when it shows the quick popup; the popup clears its search. */
  popupShown(): void
  /** Main calls this when a new-code notification is clicked; the manager shows its Inbox view. */
  inboxOpened(): void
  close(): void
}

/** Journaled tables a backup does not carry (a team set's codes stay on the team server). */
const NOT_IN_BACKUPS = new Set(['settings', 'team_backup_code_sets'])

function subscribeTo<T>(listeners: Set<(payload: T) => void>, listener: (payload: T) => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/**
 * Everything behind the windows, with no Electron in it: the app's main process, the test harness and
 * (later) the CLI build the same backend, so what the tests exercise is what ships.
 */
export function createBackend(options: BackendOptions): Backend {
  const vault = new Vault({
    home: options.home,
    keychain: options.keychain,
    ...(options.now ? { now: options.now } : {}),
  })
  const desktop = options.desktop ?? headlessDesktop
  const clipboard = options.clipboard ?? noClipboard
  const services = createAccountServices(vault, {
    clipboard,
    confirm: (request) => desktop.confirm(request),
    ...(options.now ? { now: options.now } : {}),
  })
  const preferences = new AppPreferencesStore(options.home)
  const preferenceListeners = new Set<(view: EventPayload<'preferences:changed'>) => void>()
  const popupListeners = new Set<(payload: EventPayload<'popup:shown'>) => void>()
  const inboxOpenListeners = new Set<(payload: EventPayload<'inbox:open'>) => void>()
  const now = options.now ?? Date.now
  const backups = new BackupService(vault, services.transfer, now)
  let lastBackupProblem: string | null = null
  const autoBackup = new AutoBackup({
    vault,
    backups,
    preferences,
    ...(options.timers ? { timers: options.timers } : {}),
    report: (problem) => {
      lastBackupProblem = problem
    },
  })
  // The change journal, read for every window: this process's writes, the CLI's, and (next) sync's.
  const changeListeners = new Set<(changes: EventPayload<'vault:changed'>) => void>()
  const journal = new JournalWatch(
    () => (vault.isUnlocked ? vault.requireUnlockedDatabase() : null),
    (changes) => {
      // A backup follows the vault wherever the write came from (the CLI's too), but not a change to
      // the settings or a team set's count alone, which a backup does not carry: that backup would only
      // push an older one out.
      if (changes.tables.some((table) => !NOT_IN_BACKUPS.has(table))) autoBackup.changed()
      if (changes.tables.includes('authenticators')) services.codes.forgetPreparedSecrets()
      for (const listener of changeListeners) listener(changes)
    },
  )
  journal.start()
  // The journal's head at unlock is where reporting starts (a lock forgets it): every write after the
  // unlock is reported, none before.
  vault.onStateChanged(() => journal.check())
  const files = new HeldFiles(now)
  const imports = new ImportSessions(services.transfer, now)
  // Chosen files and open previews hold other apps' secrets: a locked app keeps none of them.
  vault.onStateChanged((status) => {
    if (status.state !== 'unlocked') {
      imports.clear()
      files.clear()
    }
  })
  const team = new TeamService({
    vault,
    audit: services.audit,
    now,
    // Sync wrote accounts: codes and windows follow now, not at the journal's next tick.
    accountsWritten: () => {
      services.codes.forgetPreparedSecrets()
      journal.check()
    },
  })
  const teamAwareBackupCodes = new TeamAwareBackupCodes({
    vault,
    audit: services.audit,
    clipboard,
    personal: services.backupCodes,
    team,
    now,
  })
  const handlers: Handlers = joinHandlers([
    vaultHandlers(vault),
    teamHandlers(vault, team, clipboard),
    inboxHandlers({
      vault,
      inbox: team,
      clipboard,
      clients: () => services.queries.clients(),
      handleOf: (accountId) => {
        try {
          return services.queries.get(accountId).handle
        } catch {
          return null
        }
      },
      now,
    }),
    inboxSetupHandlers({
      vault,
      team,
      clipboard,
      clients: () => services.queries.clients(),
      accountsOf: (clientId) => services.queries.list({ clientId }).accounts,
    }),
    accountHandlers(services, teamAwareBackupCodes),
    desktopHandlers(preferences, desktop, (view) => {
      for (const listener of preferenceListeners) listener(view)
    }),
    transferHandlers({
      vault,
      queries: services.queries,
      transfer: services.transfer,
      preferences,
      desktop,
      files,
      imports,
      backups,
      autoBackup,
      lastBackupProblem: () => lastBackupProblem,
      now,
    }),
  ])
  const dispatchToHandlers = createDispatcher(handlers, {
    reportUnexpected: (channel, error) => options.reportUnexpected?.(channel, error),
  })
  const dispatch: Dispatch = async (channel, payload) => {
    const result = await dispatchToHandlers(channel, payload)
    // This process's own write reaches the windows and the automatic backup now, not at the next tick
    // of the watch.
    if (result.ok && isChannel(channel)) {
      const spec: ChannelSpec = contract[channel]
      if (spec.mutates) journal.check()
    }
    return result
  }
  return {
    vault,
    ...services,
    preferences,
    backups,
    autoBackup,
    team,
    teamAwareBackupCodes,
    dispatch,
    popupShown() {
      for (const listener of popupListeners) listener({})
    },
    inboxOpened() {
      for (const listener of inboxOpenListeners) listener({})
    },
    subscribe(event, listener) {
      switch (event) {
        case 'vault:state-changed':
          return vault.onStateChanged(listener as (payload: EventPayload<'vault:state-changed'>) => void)
        case 'preferences:changed':
          return subscribeTo(
            preferenceListeners,
            listener as (payload: EventPayload<'preferences:changed'>) => void,
          )
        case 'popup:shown':
          return subscribeTo(popupListeners, listener as (payload: EventPayload<'popup:shown'>) => void)
        case 'vault:changed':
          return subscribeTo(changeListeners, listener as (payload: EventPayload<'vault:changed'>) => void)
        // Only that the inbox changed: windows ask `inbox:list` for what they may see. A client
        // granted or taken back changes that too (windows no longer re-read it on every vault change).
        case 'inbox:changed': {
          const notify = () => (listener as (payload: EventPayload<'inbox:changed'>) => void)({})
          const stops = [team.onInboxChanged(notify), team.onHeldClientsChanged(notify)]
          return () => {
            for (const stop of stops) stop()
          }
        }
        case 'inbox:open':
          return subscribeTo(inboxOpenListeners, listener as (payload: EventPayload<'inbox:open'>) => void)
        default: {
          const unknown: never = event
          throw new Error(`no such event: ${String(unknown)}`)
        }
      }
    },
    close: () => {
      journal.stop()
      autoBackup.stop()
      vault.close()
    },
  }
}
