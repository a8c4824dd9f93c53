/**
 * The manager window's API, as named functions. The preload binds it to ipcRenderer; the test harness
 * binds the same names to its HTTP bridge. Kept free of zod so the sandboxed preload stays small.
 */
import type { Channel, EventName } from './contract.ts'
import { bindApi, type ApiOf } from './bind-api.ts'

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
  replaceAuthenticator: 'accounts:replace-authenticator',
  setPhoneVerified: 'accounts:set-phone-verified',
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
  copyShownBackupCode: 'backup-codes:copy-shown',
  copyRevealedBackupCode: 'backup-codes:copy-revealed',
  revealBackupCodes: 'backup-codes:reveal',
  listAudit: 'audit:list',
  getSettings: 'settings:get',
  updateSettings: 'settings:update',
  getPreferences: 'preferences:get',
  updatePreferences: 'preferences:update',
  chooseImportFile: 'import:choose-file',
  previewImport: 'import:preview',
  commitImport: 'import:commit',
  discardImport: 'import:discard',
  captureScreen: 'import:capture-screen',
  dropScreenCapture: 'import:drop-capture',
  chooseKeyFile: 'import:choose-key-file',
  exportFile: 'export:file',
  exportQr: 'export:qr',
  getBackupStatus: 'backups:status',
  backupNow: 'backups:now',
  chooseBackupFolder: 'backups:choose-folder',
  restoreBackup: 'backups:restore',
  getTeamStatus: 'team:status',
  createTeam: 'team:create',
  joinTeam: 'team:join',
  syncTeam: 'team:sync',
  getTeamConflict: 'team:conflict',
  resolveTeamConflict: 'team:resolve-conflict',
  listTeamMembers: 'team:members',
  inviteTeamMember: 'team:invite',
  shareTeamClient: 'team:share',
  grantTeamClient: 'team:grant',
  revokeTeamClient: 'team:revoke',
  removeTeamMember: 'team:remove',
  makeTeamAdmin: 'team:make-admin',
  makeTeamMember: 'team:make-member',
  teamAudit: 'team:audit',
  teamLastChanges: 'team:last-changes',
  listInbox: 'inbox:list',
  copyInboxCode: 'inbox:copy',
  readInboxText: 'inbox:text',
  previewInboxSetup: 'inbox:setup-preview',
  enableInbox: 'inbox:enable',
  copyInboxWebhook: 'inbox:copy-webhook',
} as const satisfies Record<string, Channel>

export const managerApiEvents = {
  onVaultStateChanged: 'vault:state-changed',
  onPreferencesChanged: 'preferences:changed',
  onVaultChanged: 'vault:changed',
  onInboxChanged: 'inbox:changed',
  onInboxOpen: 'inbox:open',
} as const satisfies Record<string, EventName>

export type ManagerApi = ApiOf<typeof managerApiChannels, typeof managerApiEvents>

export const bindManagerApi = bindApi<typeof managerApiChannels, typeof managerApiEvents>(
  managerApiChannels,
  managerApiEvents,
)

export type { Invoke, Subscribe } from './bind-api.ts'
