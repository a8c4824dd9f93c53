/**
 * The quick popup's API: only what a "find the account, copy its code" window needs. The popup's
 * preload exposes these names and main refuses every other channel from that window.
 */
import { bindApi, type ApiOf } from './bind-api.ts'

export const popupApiChannels = {
  getVaultStatus: 'vault:status',
  unlockVault: 'vault:unlock',
  quickSearch: 'accounts:quick-search',
  getCodes: 'codes:get',
  copyCode: 'codes:copy',
  copyNextBackupCode: 'backup-codes:copy-next',
  hidePopup: 'popup:hide',
  listInbox: 'inbox:list',
  copyInboxCode: 'inbox:copy',
} as const

export const popupApiEvents = {
  onVaultStateChanged: 'vault:state-changed',
  onPopupShown: 'popup:shown',
  onVaultChanged: 'vault:changed',
  onInboxChanged: 'inbox:changed',
} as const

export type PopupApi = ApiOf<typeof popupApiChannels, typeof popupApiEvents>

export const bindPopupApi = bindApi<typeof popupApiChannels, typeof popupApiEvents>(
  popupApiChannels,
  popupApiEvents,
)
