import { wipe } from '../crypto/secret-bytes.ts'
import { TwofoldError } from '../errors.ts'
import type { ParsedImport } from '../importers/imported-entry.ts'
import type { ExportEntry, TwofoldAccountRecord } from './export-entry.ts'
import { AccountIdentities } from './account-identity.ts'
import { planImport, type ImportPlan } from './import-plan.ts'
import { requireConfirmation, type ConfirmInMain } from '../vault/seed-release.ts'
import type { Vault } from '../vault/vault.ts'
import type { NewAccount } from './account-store.ts'
import type { AuditTrail } from './audit-trail.ts'
import { accountAndService } from './describe-account.ts'
import { openAccountStore, openBackupCodeStore } from './open-stores.ts'
import { secretFingerprint } from '../crypto/secret-fingerprint.ts'
import type { SettingsService } from './settings-service.ts'

export interface AccountTransferParts {
  vault: Vault
  audit: AuditTrail
  settings: SettingsService
  /** Main's own yes/no before a secret is shown as a QR code. */
  confirm: ConfirmInMain
  now: () => number
}

export interface RestoredAccount {
  /** The id the account had in the vault the backup was made from; older backups carry none. */
  accountId?: string
  account: NewAccount
  backupCodes: { code: string; usedAt: string | null; usedBy: string | null }[] | null
}

/** Accounts in and out of the vault in bulk: imports, exports, backups and their restore, QR codes. */
export class AccountTransfer {
  readonly #vault: Vault
  readonly #audit: AuditTrail
  readonly #settings: SettingsService
  readonly #confirm: ConfirmInMain
  readonly #now: () => number

  constructor(parts: AccountTransferParts) {
    this.#vault = parts.vault
    this.#audit = parts.audit
    this.#settings = parts.settings
    this.#confirm = parts.confirm
    this.#now = parts.now
  }

  planImport(parsed: ParsedImport): ImportPlan {
    return planImport(
      parsed,
      this.#accounts().list(),
      this.#vault.requireKey(),
      this.#settings.read().defaultPhoneRegion,
    )
  }

  /**
   * Writes the plan's new entries (and duplicates when asked) in ONE transaction: all of them or,
   * on any failure — a full disk, a crash — none.
   */
  commitImport(
    plan: ImportPlan,
    options: {
      includeDuplicates?: boolean
      /** Exactly these entries (a person's ticks in the preview); overrides `includeDuplicates`. */
      positions?: ReadonlySet<number>
      onProgress?: (done: number, total: number) => void
    } = {},
  ): { imported: number; duplicates: number; failed: number } {
    const { positions } = options
    const chosen = plan.items.filter((item) =>
      positions ? positions.has(item.position) : item.status === 'new' || options.includeDuplicates,
    )
    const store = this.#accounts()
    const db = this.#vault.requireUnlockedDatabase()
    db.transaction(() => {
      chosen.forEach((item, index) => {
        const account = plan.accounts.get(item.position)
        if (account) store.insert(account)
        if (options.onProgress && (index % 250 === 249 || index === chosen.length - 1))
          options.onProgress(index + 1, chosen.length)
      })
      this.#audit.log().append('import', null, `${chosen.length} accounts from ${plan.format}`)
    })()
    const chosenPositions = new Set(chosen.map((item) => item.position))
    return {
      imported: chosen.length,
      // Duplicates left out, as the person will want to hear them counted.
      duplicates: plan.items.filter(
        (item) => item.status === 'duplicate' && !chosenPositions.has(item.position),
      ).length,
      failed: plan.failed.length,
    }
  }

  /**
   * Every account (or one client's), decrypted for an export or a backup. With `complete`, each carries
   * Twofold's own record (phones, tags, backup codes) so a restore is lossless. The caller wipes secrets.
   */
  exportEntries(filter: { clientId?: string | null; complete?: boolean } = {}): {
    entries: ExportEntry[]
    withoutAuthenticator: TwofoldAccountRecord[]
  } {
    const store = this.#accounts()
    const backupCodes = filter.complete ? this.#backupCodes() : null
    const accounts = store
      .list()
      .filter((account) => filter.clientId === undefined || account.clientId === filter.clientId)
    const entries: ExportEntry[] = []
    const withoutAuthenticator: TwofoldAccountRecord[] = []
    for (const account of accounts) {
      const record: TwofoldAccountRecord | undefined = backupCodes
        ? {
            id: account.id,
            platform: account.platform,
            handle: account.handle,
            displayName: account.displayName,
            issuer: account.issuer,
            label: account.label,
            client: account.clientName,
            notes: account.notes,
            tags: account.tags,
            sms: account.methods.sms?.phone ?? null,
            whatsapp: account.methods.whatsapp?.phone ?? null,
            verifiedAt: account.methods.authenticator?.verifiedAt ?? null,
            backupCodes: account.methods.backupCodes
              ? backupCodes
                  .reveal(account.id, { audit: false })
                  .map(({ code, usedAt, usedBy }) => ({ code, usedAt, usedBy }))
              : null,
          }
        : undefined
      const stored = store.readAuthenticator(account.id)
      if (!stored) {
        if (record) withoutAuthenticator.push(record)
        continue
      }
      entries.push({
        issuer: account.issuer,
        accountName: account.label || account.handle,
        secret: stored.secret,
        params: stored.params,
        ...(stored.params.type === 'hotp' ? { counter: stored.counter } : {}),
        ...(account.notes ? { note: account.notes } : {}),
        group: account.clientName,
        ...(record ? { twofold: record } : {}),
      })
    }
    return { entries, withoutAuthenticator }
  }

  /**
   * Puts accounts from a backup back, with their backup codes (used ones stay used). Accounts the vault
   * already holds (the one identity rule, account-identity.ts) are left alone. One transaction.
   */
  restoreAccounts(restored: readonly RestoredAccount[]): { imported: number; duplicates: number } {
    const store = this.#accounts()
    const key = this.#vault.requireKey()
    const known = new AccountIdentities<true>(
      store.list().map((account) => [{ ...account, accountName: account.label || account.handle }, true]),
    )
    let imported = 0
    let duplicates = 0
    const db = this.#vault.requireUnlockedDatabase()
    try {
      db.transaction(() => {
        for (const { accountId, account, backupCodes } of restored) {
          const identity = {
            id: accountId ?? null,
            secretFingerprint: account.authenticator
              ? secretFingerprint(key, account.authenticator.secret).toString('hex')
              : null,
            platform: account.platform,
            handle: account.handle,
            issuer: account.issuer ?? '',
            accountName: account.label || account.handle,
          }
          if (known.match(identity)) {
            duplicates++
            continue
          }
          const id = store.insert(account)
          if (backupCodes && backupCodes.length > 0) this.#backupCodes().restoreSet(id, backupCodes)
          known.add(identity, true)
          imported++
        }
        this.#audit.log().append('import', null, `restored ${imported} accounts from a backup`)
      })()
    } finally {
      for (const { account } of restored) wipe(account.authenticator?.secret)
    }
    return { imported, duplicates }
  }

  recordExport(detail: string, accountId: string | null = null): void {
    this.#audit.log().append('export', accountId, detail)
  }

  /**
   * One account's authenticator for a QR code to scan with a phone: after the vault password again
   * and the person's yes in main, like revealing backup codes. The caller wipes the secret.
   */
  async authenticatorForQr(accountId: string, password: string | undefined): Promise<ExportEntry> {
    const account = this.#accounts().get(accountId)
    if (!account.methods.authenticator) {
      throw new TwofoldError('method-not-allowed', 'This account has no authenticator app key to show.')
    }
    await this.#vault.confirmPasswordIfSet(password, 'show this QR code')
    await requireConfirmation(this.#confirm, {
      title: 'Show QR code',
      message: `Show the QR code of ${accountAndService(account)}?`,
      detail: 'Anyone who sees or photographs it can make this account’s codes.',
      confirmLabel: 'Show QR code',
    })
    const stored = this.#accounts().readAuthenticator(accountId)
    if (!stored) {
      throw new TwofoldError('method-not-allowed', 'This account has no authenticator app key to show.')
    }
    return {
      issuer: account.issuer,
      accountName: account.label || account.handle,
      secret: stored.secret,
      params: stored.params,
      ...(stored.params.type === 'hotp' ? { counter: stored.counter } : {}),
    }
  }

  #accounts() {
    return openAccountStore(this.#vault, this.#audit, this.#now)
  }

  #backupCodes() {
    return openBackupCodeStore(this.#vault, this.#audit, this.#now)
  }
}
