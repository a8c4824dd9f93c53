import type { EventName, EventPayload } from '../../shared/ipc/contract.ts'
import { AccountService } from './accounts/account-service.ts'
import { accountHandlers } from './ipc/account-handlers.ts'
import { createDispatcher, type Dispatch, type Handlers } from './ipc/dispatcher.ts'
import { vaultHandlers } from './ipc/vault-handlers.ts'
import { noClipboard, type Clipboard } from './clipboard/clipboard.ts'
import type { Keychain } from './vault/keychain.ts'
import { Vault } from './vault/vault.ts'

export interface BackendOptions {
  home: string
  keychain: Keychain
  /** Where copied codes go: Electron's clipboard in the app. */
  clipboard?: Clipboard
  now?: () => number
  reportUnexpected?: (channel: string, error: unknown) => void
}

export interface Backend {
  readonly vault: Vault
  readonly accounts: AccountService
  dispatch: Dispatch
  /** Events for every window; main forwards them over IPC, the harness over server-sent events. */
  subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void
  close(): void
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
  const accounts = new AccountService(vault, {
    clipboard: options.clipboard ?? noClipboard,
    ...(options.now ? { now: options.now } : {}),
  })
  const handlers: Handlers = { ...vaultHandlers(vault), ...accountHandlers(accounts) }
  const dispatch = createDispatcher(handlers, {
    reportUnexpected: (channel, error) => options.reportUnexpected?.(channel, error),
  })
  return {
    vault,
    accounts,
    dispatch,
    subscribe(event, listener) {
      switch (event) {
        case 'vault:state-changed':
          return vault.onStateChanged(listener as (payload: EventPayload<'vault:state-changed'>) => void)
        default:
          return () => undefined
      }
    },
    close: () => vault.close(),
  }
}
