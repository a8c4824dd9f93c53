import type { AccountSummary } from '../../../shared/domain/accounts.ts'
import { platformPresets } from '../../../shared/domain/platforms.ts'
import { parseBackupCodes } from '../backup-codes/parse-backup-codes.ts'
import { RecentBackupCodeUse } from '../backup-codes/recent-backup-code-use.ts'
import { RecentReveal } from '../backup-codes/recent-reveal.ts'
import type { Clipboard } from '../clipboard/clipboard.ts'
import { TwofoldError } from '../errors.ts'
import { requireConfirmation, type ConfirmInMain } from '../vault/seed-release.ts'
import type { Vault } from '../vault/vault.ts'
import { toSummary } from './account-rows.ts'
import type { AuditTrail } from './audit-trail.ts'
import { accountAndService } from './describe-account.ts'
import { openAccountStore, openBackupCodeStore } from './open-stores.ts'

export interface BackupCodeServiceParts {
  vault: Vault
  audit: AuditTrail
  clipboard: Clipboard
  /** Main's own yes/no before the whole set is shown. */
  confirm: ConfirmInMain
  now: () => number
}

/**
 * An account's backup codes: stored from what a person pasted, used one at a time (with a short
 * Undo), copied from main, and revealed whole after the vault password and main's yes.
 */
export class BackupCodeService {
  readonly #vault: Vault
  readonly #audit: AuditTrail
  readonly #clipboard: Clipboard
  readonly #confirm: ConfirmInMain
  readonly #now: () => number
  /** What Undo and "copy the code shown" may touch; in memory only, so a lock forgets it. */
  readonly #recentUse = new RecentBackupCodeUse()
  /** Whose whole set was last shown, so its codes can be copied from main; a lock forgets it. */
  readonly #recentReveal = new RecentReveal()

  constructor(parts: BackupCodeServiceParts) {
    this.#vault = parts.vault
    this.#audit = parts.audit
    this.#clipboard = parts.clipboard
    this.#confirm = parts.confirm
    this.#now = parts.now
    parts.vault.onStateChanged((status) => {
      if (status.state === 'unlocked') return
      this.#recentUse.forget()
      this.#recentReveal.forget()
    })
  }

  setBackupCodes(accountId: string, text: string): AccountSummary {
    const account = this.#accounts().get(accountId)
    const preset = platformPresets[account.platform]
    if (!preset.methods.includes('backup-codes')) {
      throw new TwofoldError('method-not-allowed', `${preset.name} does not hand out backup codes.`)
    }
    const codes = parseBackupCodes(text, { expectedLength: preset.backupCodeLength })
    this.#codes().replaceSet(accountId, codes)
    return this.#summary(accountId)
  }

  useNextBackupCode(accountId: string): { code: string; position: number; remaining: number } {
    this.#accounts().get(accountId)
    const { code, position, remaining, codeId } = this.#codes().useNext(accountId)
    this.#recentUse.remember({ accountId, codeId, position, at: this.#now() })
    return { code, position, remaining }
  }

  async copyNextBackupCode(accountId: string): Promise<{ position: number; remaining: number }> {
    const { code, position, remaining } = this.useNextBackupCode(accountId)
    await this.#clipboard.writeText(code)
    return { position, remaining }
  }

  /** Puts back the code "use next" just gave, once and shortly after: see RecentBackupCodeUse. */
  undoBackupCodeUse(accountId: string): AccountSummary {
    this.#accounts().get(accountId)
    const use = this.#recentUse.takeForUndo(accountId, this.#now())
    this.#codes().undoUse(accountId, use.codeId)
    return this.#summary(accountId)
  }

  /**
   * Copies, from main, the code "use next" just showed the window, so it is cleared from the clipboard
   * after 30 s, on lock and on quit like every code Twofold copies. No other code can be copied this
   * way: the window learns nothing it was not already shown.
   */
  async copyShownBackupCode(accountId: string): Promise<{ position: number }> {
    this.#accounts().get(accountId)
    const use = this.#recentUse.shownCode(accountId)
    const { code, position } = this.#codes().usedCode(accountId, use.codeId)
    this.#audit.log().append('backup-code.copied', accountId, `code ${position + 1}`)
    await this.#clipboard.writeText(code)
    return { position }
  }

  /** The whole set, after the vault password (when it has one) and the person's yes in main. */
  async revealBackupCodes(accountId: string, password: string | undefined) {
    const account = this.#summary(accountId)
    await this.#vault.confirmPasswordIfSet(password, 'see every backup code')
    const total = account.methods.backupCodes?.total ?? 0
    await requireConfirmation(this.#confirm, {
      title: 'Show backup codes',
      message: `Show all ${total} backup codes of ${accountAndService(account)}?`,
      detail: 'Anyone who sees them can get into the account.',
      confirmLabel: 'Show codes',
    })
    const codes = this.#codes().reveal(accountId)
    this.#recentReveal.remember(accountId, this.#now())
    return codes
  }

  /**
   * Copies one code of the set just revealed (password and main's yes already given), from main, so it
   * is cleared from the clipboard like every code Twofold copies; the page never writes one itself.
   */
  async copyRevealedBackupCode(accountId: string, position: number): Promise<{ position: number }> {
    this.#recentReveal.assertRevealed(accountId, this.#now())
    const code = this.#codes().codeAt(accountId, position)
    this.#audit.log().append('backup-code.copied', accountId, `code ${position + 1} of the revealed set`)
    await this.#clipboard.writeText(code)
    return { position }
  }

  backupCodeStatus(accountId: string) {
    this.#accounts().get(accountId)
    return this.#codes().status(accountId)
  }

  #summary(accountId: string): AccountSummary {
    return toSummary(this.#accounts().get(accountId))
  }

  #accounts() {
    return openAccountStore(this.#vault, this.#audit, this.#now)
  }

  #codes() {
    return openBackupCodeStore(this.#vault, this.#audit, this.#now)
  }
}
