import type { AccountService } from '../accounts/account-service.ts'
import { normalizePhone } from '../phone/normalize-phone.ts'
import type { ChannelsUnder, Handlers } from './dispatcher.ts'

type AccountChannels = ChannelsUnder<
  'accounts' | 'codes' | 'phone' | 'clients' | 'backup-codes' | 'audit' | 'settings'
>

export function accountHandlers(accounts: AccountService): Pick<Handlers, AccountChannels> {
  return {
    'accounts:list': (request) => accounts.list(request),
    'accounts:quick-search': (request) => accounts.quickSearch(request.query, request.limit),
    'accounts:preview-add': (request) => ({ warnings: accounts.previewAdd(request) }),
    'accounts:add': (request) => accounts.add(request),
    'accounts:update': (request) => accounts.update(request.id, request.patch),
    'accounts:replace-authenticator': (request) =>
      accounts.replaceAuthenticator(request.id, request.authenticator, request.verificationCode),
    'accounts:set-phone-verified': (request) => ({
      account: accounts.setPhoneVerified(request.id, request.kind, request.verified),
    }),
    'accounts:delete': (request) => ({ deleted: accounts.trash(request.ids) }),
    'accounts:restore': (request) => ({ restored: accounts.restore(request.ids) }),
    'codes:get': (request) => ({ codes: accounts.codes(request.accountIds) }),
    'accounts:list-trash': () => ({ accounts: accounts.listTrash() }),
    'accounts:bulk-update': (request) => ({ updated: accounts.bulkUpdate(request.ids, request) }),
    'codes:copy': (request) => accounts.copyCode(request.accountId),
    'phone:normalize': (request) => {
      const { e164, national, masked, country } = normalizePhone(
        request.text,
        accounts.settings().defaultPhoneRegion,
      )
      return { e164, national, masked, country }
    },
    'backup-codes:reveal': async (request) => ({
      codes: await accounts.revealBackupCodes(request.accountId, request.password),
    }),
    'clients:report-csv': (request) => accounts.clientReport(request.clientId),
    'clients:list': () => ({ clients: accounts.clients() }),
    'backup-codes:set': (request) => ({ account: accounts.setBackupCodes(request.accountId, request.text) }),
    'backup-codes:use-next': (request) => accounts.useNextBackupCode(request.accountId),
    'backup-codes:copy-next': (request) => accounts.copyNextBackupCode(request.accountId),
    'backup-codes:undo-use': (request) => ({ account: accounts.undoBackupCodeUse(request.accountId) }),
    'backup-codes:copy-shown': (request) => accounts.copyShownBackupCode(request.accountId),
    'backup-codes:copy-revealed': (request) =>
      accounts.copyRevealedBackupCode(request.accountId, request.position),
    'audit:list': (request) => ({
      entries: accounts.auditLog(request),
    }),
    'settings:get': () => accounts.settings(),
    'settings:update': (request) => accounts.updateSettings(request),
  }
}
