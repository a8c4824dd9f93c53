/**
 * The manager window's API, as named functions. The preload binds it to ipcRenderer; the test harness
 * binds the same names to its HTTP bridge. Kept free of zod so the sandboxed preload stays small.
 */
import type { Channel, EventName, EventPayload, RequestOf, ResponseOf } from './contract.ts'
import type { IpcResult } from './result.ts'

export const managerApiChannels = {
  getVaultStatus: 'vault:status',
  prepareVaultCreation: 'vault:prepare-create',
  createVault: 'vault:create',
  unlockVault: 'vault:unlock',
  lockVault: 'vault:lock',
  setVaultPassword: 'vault:set-password',
  removeVaultPassword: 'vault:remove-password',
  listAccounts: 'accounts:list',
  previewAddAccount: 'accounts:preview-add',
  addAccount: 'accounts:add',
  updateAccount: 'accounts:update',
  deleteAccounts: 'accounts:delete',
  restoreAccounts: 'accounts:restore',
  listTrash: 'accounts:list-trash',
  bulkUpdateAccounts: 'accounts:bulk-update',
  getCodes: 'codes:get',
  copyCode: 'codes:copy',
  normalizePhone: 'phone:normalize',
  listClients: 'clients:list',
  clientReportCsv: 'clients:report-csv',
  setBackupCodes: 'backup-codes:set',
  useNextBackupCode: 'backup-codes:use-next',
  undoBackupCodeUse: 'backup-codes:undo-use',
  revealBackupCodes: 'backup-codes:reveal',
  listAudit: 'audit:list',
  getSettings: 'settings:get',
  updateSettings: 'settings:update',
} as const satisfies Record<string, Channel>

export const managerApiEvents = {
  onVaultStateChanged: 'vault:state-changed',
} as const satisfies Record<string, EventName>

type Invokers = {
  [K in keyof typeof managerApiChannels]: (
    request: RequestOf<(typeof managerApiChannels)[K]>,
  ) => Promise<IpcResult<ResponseOf<(typeof managerApiChannels)[K]>>>
}
type Subscribers = {
  [K in keyof typeof managerApiEvents]: (
    listener: (payload: EventPayload<(typeof managerApiEvents)[K]>) => void,
  ) => () => void
}
export type ManagerApi = Invokers & Subscribers

export type Invoke = (channel: Channel, request: unknown) => Promise<IpcResult<unknown>>
export type Subscribe = (event: EventName, listener: (payload: unknown) => void) => () => void

export function bindManagerApi(invoke: Invoke, subscribe: Subscribe): ManagerApi {
  const api: Record<string, unknown> = {}
  for (const [name, channel] of Object.entries(managerApiChannels)) {
    api[name] = (request: unknown) => invoke(channel, request)
  }
  for (const [name, event] of Object.entries(managerApiEvents)) {
    api[name] = (listener: (payload: unknown) => void) => subscribe(event, listener)
  }
  return api as ManagerApi
}
