import { currentActor } from '../audit/audit-log.ts'
import { noClipboard, type Clipboard } from '../clipboard/clipboard.ts'
import { cannotConfirm, type ConfirmInMain } from '../vault/seed-release.ts'
import type { Vault } from '../vault/vault.ts'
import { AccountEditing } from './account-editing.ts'
import { AccountQueries } from './account-queries.ts'
import { AccountTransfer } from './account-transfer.ts'
import { AuditTrail } from './audit-trail.ts'
import { BackupCodeService } from './backup-code-service.ts'
import { CodeService } from './code-service.ts'
import { openAccountStore } from './open-stores.ts'
import { PostureFlags } from './posture-flags.ts'
import { PreparedSecrets } from './prepared-secrets.ts'
import { SettingsService } from './settings-service.ts'

export interface AccountServicesOptions {
  now?: () => number
  actor?: string
  clipboard?: Clipboard
  /** Main's own yes/no before a secret is shown (the desktop's native dialog); absent in the CLI. */
  confirm?: ConfirmInMain
}

/** What the windows and the CLI can do with accounts, on an unlocked vault, one service per job. */
export interface AccountServices {
  readonly audit: AuditTrail
  readonly settings: SettingsService
  readonly queries: AccountQueries
  readonly editing: AccountEditing
  readonly codes: CodeService
  readonly backupCodes: BackupCodeService
  readonly transfer: AccountTransfer
}

/**
 * The account services over one vault, sharing its audit trail, settings and decrypted secrets: the
 * app's backend and the CLI build them here, so both get the same ones.
 */
export function createAccountServices(vault: Vault, options: AccountServicesOptions = {}): AccountServices {
  const now = options.now ?? Date.now
  const clipboard = options.clipboard ?? noClipboard
  const confirm = options.confirm ?? cannotConfirm
  const audit = new AuditTrail(vault, options.actor ?? currentActor(), now)
  const settings = new SettingsService(vault)
  const flags = new PostureFlags(vault, audit, settings, now)
  const secrets = new PreparedSecrets(() => openAccountStore(vault, audit, now))
  return {
    audit,
    settings,
    queries: new AccountQueries(vault, audit, flags, now),
    editing: new AccountEditing({ vault, audit, settings, flags, secrets, now }),
    codes: new CodeService({ vault, audit, secrets, clipboard, now }),
    backupCodes: new BackupCodeService({ vault, audit, clipboard, confirm, now }),
    transfer: new AccountTransfer({ vault, audit, settings, confirm, now }),
  }
}
