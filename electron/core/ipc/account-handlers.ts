import type { AccountServices } from '../accounts/account-services.ts'
import { normalizePhone } from '../phone/normalize-phone.ts'
import type { TeamAwareBackupCodes } from '../team/team-aware-backup-codes.ts'
import type { ChannelsUnder, Handlers } from './dispatcher.ts'

type AccountChannels = ChannelsUnder<
  'accounts' | 'codes' | 'phone' | 'clients' | 'backup-codes' | 'audit' | 'settings'
>

/** `backupCodes` sends each account's codes where they live: a team account's to the team server. */
export function accountHandlers(
  services: AccountServices,
  backupCodes: TeamAwareBackupCodes,
): Pick<Handlers, AccountChannels> {
  const { queries, editing, codes, audit, settings } = services
  return {
    'accounts:list': (request) => queries.list(request),
    'accounts:quick-search': (request) => queries.quickSearch(request.query, request.limit),
    'accounts:preview-add': (request) => ({ warnings: editing.previewAdd(request) }),
    'accounts:add': (request) => editing.add(request),
    'accounts:update': (request) => editing.update(request.id, request.patch),
    'accounts:replace-authenticator': (request) =>
      editing.replaceAuthenticator(request.id, request.authenticator, request.verificationCode),
    'accounts:set-phone-verified': (request) => ({
      account: editing.setPhoneVerified(request.id, request.kind, request.verified),
    }),
    'accounts:delete': (request) => ({ deleted: editing.trash(request.ids) }),
    'accounts:restore': (request) => ({ restored: editing.restore(request.ids) }),
    'codes:get': (request) => ({ codes: codes.codes(request.accountIds) }),
    'accounts:list-trash': () => ({ accounts: editing.listTrash() }),
    'accounts:bulk-update': (request) => ({ updated: editing.bulkUpdate(request.ids, request) }),
    'codes:copy': (request) => codes.copyCode(request.accountId),
    'phone:normalize': (request) => {
      const { e164, national, masked, country } = normalizePhone(
        request.text,
        settings.read().defaultPhoneRegion,
      )
      return { e164, national, masked, country }
    },
    'backup-codes:reveal': async (request) => ({
      codes: await backupCodes.reveal(request.accountId, request.password),
    }),
    'clients:report-csv': (request) => queries.clientReport(request.clientId),
    'clients:list': () => ({ clients: queries.clients() }),
    'backup-codes:set': async (request) => ({
      account: await backupCodes.set(request.accountId, request.text),
    }),
    'backup-codes:use-next': (request) => backupCodes.useNext(request.accountId),
    'backup-codes:copy-next': (request) => backupCodes.copyNext(request.accountId),
    'backup-codes:undo-use': (request) => ({ account: backupCodes.undoUse(request.accountId) }),
    'backup-codes:copy-shown': (request) => backupCodes.copyShown(request.accountId),
    'backup-codes:copy-revealed': (request) => backupCodes.copyRevealed(request.accountId, request.position),
    'audit:list': (request) => ({
      entries: audit.list(request),
    }),
    'settings:get': () => settings.read(),
    'settings:update': (request) => settings.update(request),
  }
}
