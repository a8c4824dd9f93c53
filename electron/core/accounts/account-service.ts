import type { Vault } from '../vault/vault.ts'
import type { AccountEditing } from './account-editing.ts'
import type { AccountQueries } from './account-queries.ts'
import {
  createAccountServices,
  type AccountServices,
  type AccountServicesOptions,
} from './account-services.ts'
import type { AccountTransfer } from './account-transfer.ts'
import type { AuditTrail } from './audit-trail.ts'
import type { BackupCodeService } from './backup-code-service.ts'
import type { CodeService } from './code-service.ts'
import type { SettingsService } from './settings-service.ts'

export type { AccountPatchRequest, NewAccountRequest } from './account-request.ts'
export type AccountServiceOptions = AccountServicesOptions

type Args<F> = F extends (...args: infer A) => unknown ? A : never

/**
 * The account services behind one name, for the tests, benchmarks and transfer modules written
 * against it before the services were cut apart. It only forwards; new code takes the service it
 * needs (see account-services.ts), and this goes once its callers have moved.
 */
export class AccountService {
  readonly services: AccountServices

  constructor(
    vault: Vault,
    options: AccountServiceOptions = {},
    services: AccountServices = createAccountServices(vault, options),
  ) {
    this.services = services
  }

  list(...args: Args<AccountQueries['list']>) {
    return this.services.queries.list(...args)
  }
  quickSearch(...args: Args<AccountQueries['quickSearch']>) {
    return this.services.queries.quickSearch(...args)
  }
  count() {
    return this.services.queries.count()
  }
  flags() {
    return this.services.queries.flags()
  }
  get(...args: Args<AccountQueries['get']>) {
    return this.services.queries.get(...args)
  }
  clients() {
    return this.services.queries.clients()
  }
  clientReport(...args: Args<AccountQueries['clientReport']>) {
    return this.services.queries.clientReport(...args)
  }

  previewAdd(...args: Args<AccountEditing['previewAdd']>) {
    return this.services.editing.previewAdd(...args)
  }
  add(...args: Args<AccountEditing['add']>) {
    return this.services.editing.add(...args)
  }
  update(...args: Args<AccountEditing['update']>) {
    return this.services.editing.update(...args)
  }
  replaceAuthenticator(...args: Args<AccountEditing['replaceAuthenticator']>) {
    return this.services.editing.replaceAuthenticator(...args)
  }
  setPhoneVerified(...args: Args<AccountEditing['setPhoneVerified']>) {
    return this.services.editing.setPhoneVerified(...args)
  }
  trash(...args: Args<AccountEditing['trash']>) {
    return this.services.editing.trash(...args)
  }
  restore(...args: Args<AccountEditing['restore']>) {
    return this.services.editing.restore(...args)
  }
  listTrash() {
    return this.services.editing.listTrash()
  }
  bulkUpdate(...args: Args<AccountEditing['bulkUpdate']>) {
    return this.services.editing.bulkUpdate(...args)
  }

  codes(...args: Args<CodeService['codes']>) {
    return this.services.codes.codes(...args)
  }
  copyCode(...args: Args<CodeService['copyCode']>) {
    return this.services.codes.copyCode(...args)
  }
  recordCodeUse(...args: Args<CodeService['recordCodeUse']>) {
    this.services.codes.recordCodeUse(...args)
  }

  setBackupCodes(...args: Args<BackupCodeService['setBackupCodes']>) {
    return this.services.backupCodes.setBackupCodes(...args)
  }
  useNextBackupCode(...args: Args<BackupCodeService['useNextBackupCode']>) {
    return this.services.backupCodes.useNextBackupCode(...args)
  }
  copyNextBackupCode(...args: Args<BackupCodeService['copyNextBackupCode']>) {
    return this.services.backupCodes.copyNextBackupCode(...args)
  }
  undoBackupCodeUse(...args: Args<BackupCodeService['undoBackupCodeUse']>) {
    return this.services.backupCodes.undoBackupCodeUse(...args)
  }
  copyShownBackupCode(...args: Args<BackupCodeService['copyShownBackupCode']>) {
    return this.services.backupCodes.copyShownBackupCode(...args)
  }
  revealBackupCodes(...args: Args<BackupCodeService['revealBackupCodes']>) {
    return this.services.backupCodes.revealBackupCodes(...args)
  }
  copyRevealedBackupCode(...args: Args<BackupCodeService['copyRevealedBackupCode']>) {
    return this.services.backupCodes.copyRevealedBackupCode(...args)
  }
  backupCodeStatus(...args: Args<BackupCodeService['backupCodeStatus']>) {
    return this.services.backupCodes.backupCodeStatus(...args)
  }

  planImport(...args: Args<AccountTransfer['planImport']>) {
    return this.services.transfer.planImport(...args)
  }
  commitImport(...args: Args<AccountTransfer['commitImport']>) {
    return this.services.transfer.commitImport(...args)
  }
  exportEntries(...args: Args<AccountTransfer['exportEntries']>) {
    return this.services.transfer.exportEntries(...args)
  }
  restoreAccounts(...args: Args<AccountTransfer['restoreAccounts']>) {
    return this.services.transfer.restoreAccounts(...args)
  }
  recordExport(...args: Args<AccountTransfer['recordExport']>) {
    this.services.transfer.recordExport(...args)
  }
  authenticatorForQr(...args: Args<AccountTransfer['authenticatorForQr']>) {
    return this.services.transfer.authenticatorForQr(...args)
  }

  auditLog(...args: Args<AuditTrail['list']>) {
    return this.services.audit.list(...args)
  }
  verifyAuditLog() {
    return this.services.audit.verify()
  }
  settings() {
    return this.services.settings.read()
  }
  updateSettings(...args: Args<SettingsService['update']>) {
    return this.services.settings.update(...args)
  }
}
