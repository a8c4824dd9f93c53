import type { AccountSummary } from '../../../shared/domain/accounts.ts'
import type { FlagKind, PostureFlag } from '../../../shared/domain/flags.ts'
import { platformPresets } from '../../../shared/domain/platforms.ts'
import type { CodeView, QuickAccount, TrashedAccount, VaultSettings } from '../../../shared/domain/views.ts'
import { compareForList, compareForQuickPick } from '../../../shared/domain/account-order.ts'
import { searchTerms } from '../../../shared/domain/account-search.ts'
import type { z } from 'zod'
import type {
  authenticatorInputSchema,
  accountPatchSchema,
  newAccountSchema,
} from '../../../shared/ipc/contract.ts'
import { AuditLog, auditActionSchema, currentActor, type AuditEntry } from '../audit/audit-log.ts'
import { openAuditChainKey, type AuditChainVerification } from '../audit/audit-chain.ts'
import { clientReportCsv, reportFileName } from '../reports/client-report-csv.ts'
import { noClipboard, type Clipboard } from '../clipboard/clipboard.ts'
import { BackupCodeStore } from '../backup-codes/backup-code-store.ts'
import { parseBackupCodes } from '../backup-codes/parse-backup-codes.ts'
import { RecentBackupCodeUse } from '../backup-codes/recent-backup-code-use.ts'
import { RecentReveal } from '../backup-codes/recent-reveal.ts'
import { wipe } from '../crypto/secret-bytes.ts'
import { generateCode, timeStepAt } from '../engine/generate-code.ts'
import { checkOtpParameters, type OtpParameters } from '../engine/otp-parameters.ts'
import { parseOtpAuthUri } from '../engine/otpauth-uri.ts'
import { PreparedSecret } from '../engine/prepared-secret.ts'
import { decodeBase32Secret } from '../engine/secret-text.ts'
import { findHotpCounter, verifyTimeCode } from '../engine/verify-code.ts'
import { isHotp, isTimeBased } from '../engine/prepared-secret.ts'
import { isTwofoldError, TwofoldError } from '../errors.ts'
import { normalizePhone } from '../phone/normalize-phone.ts'
import { computeFlags } from '../rules/compute-flags.ts'
import { accountsWithWarnings, flagsNamingAny } from '../rules/flag-queries.ts'
import { SettingsStore } from '../settings/settings-store.ts'
import type { Vault } from '../vault/vault.ts'
import { cannotConfirm, requireConfirmation, type ConfirmInMain } from '../transfer/seed-release.ts'
import {
  readListOrderKeys,
  readQuickPickKeys,
  toSummary,
  vaultRevision,
  type AccountWithFingerprint,
} from './account-rows.ts'
import { firstInOrder } from './first-in-order.ts'
import { QuickPickIndex, toQuickAccount } from './quick-pick-index.ts'
import { cachedStatement } from '../store/statement-cache.ts'
import { AccountStore, type AuthenticatorInput, type NewAccount } from './account-store.ts'
import { PreparedSecrets } from './prepared-secrets.ts'
import type { ParsedImport } from '../importers/imported-entry.ts'
import { planImport, type ImportPlan } from '../transfer/import-plan.ts'
import type { ExportEntry, TwofoldAccountRecord } from '../transfer/aegis-vault-writer.ts'
import { secretFingerprint } from './secret-fingerprint.ts'

/** Deleted accounts stay restorable this long. */
const TRASH_DAYS = 30
const DAY_MS = 24 * 60 * 60_000
const COPY_NEXT_BELOW_MS = 5_000

export type NewAccountRequest = z.output<typeof newAccountSchema>
export type AccountPatchRequest = z.output<typeof accountPatchSchema>
type AuthenticatorRequest = z.output<typeof authenticatorInputSchema>

export interface AccountServiceOptions {
  now?: () => number
  actor?: string
  clipboard?: Clipboard
  /** Main's own yes/no before a secret is shown (the desktop's native dialog); absent in the CLI. */
  confirm?: ConfirmInMain
}

/**
 * What the windows and the CLI can do with accounts, on an unlocked vault: the one place that turns
 * people's input (otpauth links, Base32 typed by hand, phone numbers in any format, pasted backup
 * codes) into stored accounts, and stored accounts into codes and posture flags.
 */
export class AccountService {
  readonly #vault: Vault
  readonly #now: () => number
  readonly #actor: string
  readonly #secrets: PreparedSecrets
  readonly #clipboard: Clipboard
  readonly #confirm: ConfirmInMain
  #wasUnlocked: boolean
  /** The quick popup's search, valid for one vault revision; dropped on lock. */
  #quickPick: QuickPickIndex | null = null
  /** What Undo and "copy the code shown" may touch; in memory only, so a lock forgets it. */
  readonly #recentBackupCodeUse = new RecentBackupCodeUse()
  /** Whose whole set was last shown, so its codes can be copied from main; a lock forgets it. */
  readonly #recentReveal = new RecentReveal()
  /**
   * The audit chain's key, for the file it was opened from. Kept past a lock just long enough to chain
   * the "vault locked" entry, then wiped: the vault key is gone by then.
   */
  #auditChain: { db: unknown; key: Buffer } | null = null

  constructor(vault: Vault, options: AccountServiceOptions = {}) {
    this.#vault = vault
    this.#now = options.now ?? Date.now
    this.#actor = options.actor ?? currentActor()
    this.#clipboard = options.clipboard ?? noClipboard
    this.#confirm = options.confirm ?? cannotConfirm
    this.#secrets = new PreparedSecrets(() => this.#accounts())
    this.#wasUnlocked = vault.isUnlocked
    vault.onStateChanged((status) => {
      const unlocked = status.state === 'unlocked'
      if (unlocked === this.#wasUnlocked) return
      this.#wasUnlocked = unlocked
      if (!unlocked) {
        this.#secrets.wipeAll()
        this.#quickPick = null
        this.#recentBackupCodeUse.forget()
        this.#recentReveal.forget()
      }
      // Recording a lock or an unlock is best effort: on a full disk the vault must still lock, and
      // people must still be able to read their codes.
      try {
        if (unlocked) this.#audit().append('vault.unlocked')
        else if (status.state === 'locked') this.#auditWhileLocked().append('vault.locked')
      } catch {
        // The audit log's own writes report the disk's state on the next change.
      }
      if (!unlocked) this.#forgetAuditChainKey()
    })
  }

  // ── reading ──────────────────────────────────────────────────────────────────────────────────

  /**
   * Accounts in the manager's order (client, then handle) with their posture flags. With `first`, the
   * first that many and only the flags that name them: a window shows those at once and asks for the
   * rest afterwards. Without a flag filter that page is chosen from the accounts' order keys alone, so
   * it costs a few milliseconds instead of reading and flagging every account.
   */
  list(
    filter: {
      clientId?: string | null | undefined
      flag?: FlagKind | undefined
      first?: number | undefined
    } = {},
  ): { accounts: AccountSummary[]; flags: PostureFlag[]; total: number } {
    if (filter.first !== undefined && !filter.flag) return this.#firstPage(filter.clientId, filter.first)
    const all = this.#accounts().list().sort(compareForList)
    const flags = computeFlags(all, this.#ruleSettings())
    let accounts = all
    if (filter.clientId !== undefined)
      accounts = accounts.filter((account) => account.clientId === filter.clientId)
    if (filter.flag) {
      const flagged = new Set(
        flags.filter((flag) => flag.kind === filter.flag).flatMap((flag) => flag.accountIds),
      )
      accounts = accounts.filter((account) => flagged.has(account.id))
    }
    if (filter.first === undefined)
      return { accounts: accounts.map(toSummary), flags, total: accounts.length }
    const page = accounts.slice(0, filter.first)
    return {
      accounts: page.map(toSummary),
      flags: flagsNamingAny(
        flags,
        page.map((account) => account.id),
      ),
      total: accounts.length,
    }
  }

  #firstPage(
    clientId: string | null | undefined,
    first: number,
  ): { accounts: AccountSummary[]; flags: PostureFlag[]; total: number } {
    const keys = readListOrderKeys(this.#vault.requireUnlockedDatabase(), clientId)
    const ids = firstInOrder(keys, compareForList, first).map((key) => key.id)
    return {
      accounts: this.#readInOrder(ids).map(toSummary),
      flags: this.#flagsNaming(ids),
      total: keys.length,
    }
  }

  /**
   * The quick popup's search: the first `limit` accounts matching `query` in the popup's order (last
   * code copied, then handle), with whether a warning names them.
   */
  quickSearch(query: string, limit: number): { accounts: QuickAccount[]; total: number } {
    const db = this.#vault.requireUnlockedDatabase()
    const terms = searchTerms(query)
    const revision = vaultRevision(db)
    let index = this.#quickPick
    if (index?.db !== db || index.revision !== revision) {
      if (terms === null) {
        // The popup opening: its first rows from the order keys, as the manager's first page. The
        // whole index waits for the first keystroke, which may never come.
        const keys = readQuickPickKeys(db)
        const ids = firstInOrder(keys, compareForQuickPick, limit).map((key) => key.id)
        const warned = accountsWithWarnings(this.#flagsNaming(ids))
        return {
          accounts: this.#readInOrder(ids).map((account) => toQuickAccount(account, warned)),
          total: keys.length,
        }
      }
      const all = this.#accounts().list()
      index = new QuickPickIndex(db, revision, all, computeFlags(all, this.#ruleSettings()))
      this.#quickPick = index
    }
    return { accounts: index.search(terms, limit), total: index.size }
  }

  /** The accounts with these ids, in this order. */
  #readInOrder(ids: readonly string[]): AccountWithFingerprint[] {
    const byId = new Map(
      this.#accounts()
        .list({ ids })
        .map((account) => [account.id, account]),
    )
    return ids.flatMap((id) => byId.get(id) ?? [])
  }

  /** Accounts outside the trash, without reading them: the backup reminder asks this often. */
  count(): number {
    const row = this.#vault
      .requireUnlockedDatabase()
      .prepare('SELECT count(*) AS n FROM accounts WHERE deleted_at IS NULL')
      .get() as { n: number }
    return row.n
  }

  flags(): PostureFlag[] {
    return computeFlags(this.#accounts().list(), this.#ruleSettings())
  }

  get(id: string): AccountSummary {
    return toSummary(this.#accounts().get(id))
  }

  clients() {
    return this.#accounts().listClients()
  }

  // ── adding and changing ──────────────────────────────────────────────────────────────────────

  /** The warnings the new account would raise; nothing is written. */
  previewAdd(request: NewAccountRequest): PostureFlag[] {
    const draft = this.#prepareNewAccount(request)
    try {
      const key = this.#vault.requireKey()
      const probeId = '__new-account__'
      const at = new Date(this.#now()).toISOString()
      const hypothetical: AccountWithFingerprint = {
        id: probeId,
        platform: draft.account.platform,
        handle: draft.account.handle,
        displayName: draft.account.displayName ?? '',
        issuer: draft.account.issuer ?? platformPresets[draft.account.platform].issuer,
        label: draft.account.label ?? draft.account.handle,
        clientId: null,
        clientName: draft.account.clientName ?? null,
        notes: '',
        tags: [],
        createdAt: at,
        updatedAt: at,
        lastUsedAt: null,
        methods: {
          authenticator: draft.account.authenticator
            ? {
                enabled: true,
                type: draft.account.authenticator.params.type,
                algorithm: draft.account.authenticator.params.algorithm,
                digits: draft.account.authenticator.params.digits,
                period:
                  draft.account.authenticator.params.type === 'hotp'
                    ? 30
                    : draft.account.authenticator.params.period,
                verifiedAt: draft.account.authenticator.verifiedAt ?? null,
                addedAt: at,
              }
            : null,
          sms: draft.account.sms
            ? { enabled: true, phone: draft.account.sms, verifiedAt: null, addedAt: at }
            : null,
          whatsapp: draft.account.whatsapp
            ? { enabled: true, phone: draft.account.whatsapp, verifiedAt: null, addedAt: at }
            : null,
          backupCodes: null,
        },
        secretFingerprint: draft.account.authenticator
          ? secretFingerprint(key, draft.account.authenticator.secret).toString('hex')
          : null,
      }
      return computeFlags([...this.#accounts().list(), hypothetical], this.#ruleSettings()).filter(
        (flag) =>
          flag.accountIds.includes(probeId) &&
          flag.severity !== 'info' &&
          flag.kind !== 'backup-codes-missing',
      )
    } finally {
      draft.dispose()
    }
  }

  add(request: NewAccountRequest): { account: AccountSummary; flags: PostureFlag[] } {
    const draft = this.#prepareNewAccount(request)
    try {
      const account = this.#accounts().add(draft.account)
      return {
        account: toSummary(account),
        flags: this.#flagsOf(account.id),
      }
    } finally {
      draft.dispose()
    }
  }

  update(id: string, patch: AccountPatchRequest): { account: AccountSummary; flags: PostureFlag[] } {
    const region = this.settings().defaultPhoneRegion
    const phone = (value: string | null | undefined) =>
      value === undefined
        ? undefined
        : value === null || value.trim() === ''
          ? null
          : normalizePhone(value, region).e164
    const sms = phone(patch.sms)
    const whatsapp = phone(patch.whatsapp)
    const account = this.#accounts().update(id, {
      ...stripUndefined({
        handle: patch.handle,
        displayName: patch.displayName,
        issuer: patch.issuer,
        label: patch.label,
        notes: patch.notes,
        tags: patch.tags,
      }),
      ...(patch.clientName !== undefined ? { clientName: patch.clientName } : {}),
      ...(sms !== undefined ? { sms } : {}),
      ...(whatsapp !== undefined ? { whatsapp } : {}),
    })
    return { account: toSummary(account), flags: this.#flagsOf(id) }
  }

  /** Replaces an account's authenticator (a new secret from the service), verified like a new one. */
  replaceAuthenticator(
    id: string,
    input: AuthenticatorRequest,
    verificationCode?: string,
  ): { account: AccountSummary; flags: PostureFlag[] } {
    this.#accounts().get(id)
    const authenticator = this.#authenticatorFrom(input, verificationCode)
    try {
      const account = this.#accounts().update(id, { authenticator })
      this.#secrets.forget(id)
      return { account: toSummary(account), flags: this.#flagsOf(id) }
    } finally {
      wipe(authenticator.secret)
    }
  }

  setPhoneVerified(id: string, kind: 'sms' | 'whatsapp', verified: boolean): AccountSummary {
    this.#accounts().setPhoneVerified(id, kind, verified)
    return this.get(id)
  }

  trash(ids: readonly string[]): number {
    for (const id of ids) {
      this.#accounts().trash(id)
      this.#secrets.forget(id)
    }
    return ids.length
  }

  restore(ids: readonly string[]): number {
    for (const id of ids) this.#accounts().restore(id)
    return ids.length
  }

  listTrash(): TrashedAccount[] {
    const store = this.#accounts()
    store.purgeTrash(new Date(this.#now() - TRASH_DAYS * DAY_MS).toISOString())
    return store.listTrash().map((entry) => ({
      ...entry,
      purgeAt: new Date(Date.parse(entry.deletedAt) + TRASH_DAYS * DAY_MS).toISOString(),
    }))
  }

  bulkUpdate(
    ids: readonly string[],
    change: {
      clientName?: string | null | undefined
      addTags?: string[] | undefined
      removeTags?: string[] | undefined
    },
  ): number {
    return this.#accounts().bulkUpdate(ids, stripUndefined(change))
  }

  // ── codes ────────────────────────────────────────────────────────────────────────────────────

  codes(accountIds: readonly string[], nowMs = this.#now()): CodeView[] {
    const store = this.#accounts()
    const views: CodeView[] = []
    let damaged: TwofoldError | null = null
    for (const accountId of accountIds) {
      let secret: PreparedSecret | null
      try {
        secret = this.#secrets.get(accountId)
      } catch (error) {
        // One damaged or altered row must not blank the codes of every other account on the page; it
        // is refused on its own (copying its code names the problem).
        if (!isTwofoldError(error, 'vault-tampered')) throw error
        damaged ??= error
        continue
      }
      if (!secret) continue
      if (secret.params.type === 'hotp') {
        const counter = store.readCounter(accountId)
        views.push({
          accountId,
          code: generateCode(secret, { nowMs, counter }),
          validFrom: nowMs,
          validUntil: null,
          period: null,
        })
      } else {
        const period = secret.params.period
        const step = timeStepAt(period, nowMs)
        views.push({
          accountId,
          code: generateCode(secret, { nowMs }),
          validFrom: step * period * 1000,
          validUntil: (step + 1) * period * 1000,
          period,
        })
      }
    }
    if (damaged && views.length === 0) throw damaged
    return views
  }

  /**
   * Puts an account's code on the clipboard. With less than 5 s left a code would expire while being
   * pasted, so the next period's code goes instead, and the answer says so.
   */
  async copyCode(accountId: string): Promise<{ code: string; next: boolean; validUntil: number | null }> {
    const nowMs = this.#now()
    const [current] = this.codes([accountId], nowMs)
    if (!current)
      throw new TwofoldError(
        'method-not-allowed',
        'This account has no authenticator secret to copy a code from.',
      )
    let view = current
    let next = false
    if (current.validUntil !== null && current.validUntil - nowMs < COPY_NEXT_BELOW_MS) {
      const [following] = this.codes([accountId], current.validUntil)
      if (following) {
        view = following
        next = true
      }
    }
    // Recorded first: on a full disk the copy fails as a whole instead of leaving an unrecorded code
    // (or an HOTP counter that did not move) on the clipboard.
    this.recordCodeUse(accountId)
    await this.#clipboard.writeText(view.code)
    return { code: view.code, next, validUntil: view.validUntil }
  }

  /** A person copied (or was shown, in the CLI) a code: audit it; an HOTP counter moves on. */
  recordCodeUse(accountId: string): void {
    const store = this.#accounts()
    const account = store.get(accountId)
    if (account.methods.authenticator?.type === 'hotp') store.advanceCounter(accountId)
    this.#audit().append('code.copied', accountId)
  }

  // ── backup codes ─────────────────────────────────────────────────────────────────────────────

  setBackupCodes(accountId: string, text: string): AccountSummary {
    const account = this.#accounts().get(accountId)
    const preset = platformPresets[account.platform]
    if (!preset.methods.includes('backup-codes')) {
      throw new TwofoldError('method-not-allowed', `${preset.name} does not hand out backup codes.`)
    }
    const codes = parseBackupCodes(text, { expectedLength: preset.backupCodeLength })
    this.#backupCodes().replaceSet(accountId, codes)
    return this.get(accountId)
  }

  useNextBackupCode(accountId: string): { code: string; position: number; remaining: number } {
    this.#accounts().get(accountId)
    const { code, position, remaining, codeId } = this.#backupCodes().useNext(accountId)
    this.#recentBackupCodeUse.remember({ accountId, codeId, position, at: this.#now() })
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
    const use = this.#recentBackupCodeUse.takeForUndo(accountId, this.#now())
    this.#backupCodes().undoUse(accountId, use.codeId)
    return this.get(accountId)
  }

  /**
   * Copies, from main, the code "use next" just showed the window, so it is cleared from the clipboard
   * after 30 s, on lock and on quit like every code Twofold copies. No other code can be copied this
   * way: the window learns nothing it was not already shown.
   */
  async copyShownBackupCode(accountId: string): Promise<{ position: number }> {
    this.#accounts().get(accountId)
    const use = this.#recentBackupCodeUse.shownCode(accountId)
    const { code, position } = this.#backupCodes().usedCode(accountId, use.codeId)
    this.#audit().append('backup-code.copied', accountId, `code ${position + 1}`)
    await this.#clipboard.writeText(code)
    return { position }
  }

  /** The whole set, after the vault password (when it has one) and the person's yes in main. */
  async revealBackupCodes(accountId: string, password: string | undefined) {
    const account = this.get(accountId)
    await this.#vault.confirmPasswordIfSet(password, 'see every backup code')
    const total = account.methods.backupCodes?.total ?? 0
    await requireConfirmation(this.#confirm, {
      title: 'Show backup codes',
      message: `Show all ${total} backup codes of ${accountAndService(account)}?`,
      detail: 'Anyone who sees them can get into the account.',
      confirmLabel: 'Show codes',
    })
    const codes = this.#backupCodes().reveal(accountId)
    this.#recentReveal.remember(accountId, this.#now())
    return codes
  }

  /**
   * Copies one code of the set just revealed (password and main's yes already given), from main, so it
   * is cleared from the clipboard like every code Twofold copies; the page never writes one itself.
   */
  async copyRevealedBackupCode(accountId: string, position: number): Promise<{ position: number }> {
    this.#recentReveal.assertRevealed(accountId, this.#now())
    const code = this.#backupCodes().codeAt(accountId, position)
    this.#audit().append('backup-code.copied', accountId, `code ${position + 1} of the revealed set`)
    await this.#clipboard.writeText(code)
    return { position }
  }

  clientReport(clientId: string | null): { fileName: string; csv: string } {
    const { accounts, flags } = this.list({ clientId })
    const client = clientId === null ? null : this.clients().find((entry) => entry.id === clientId)
    if (client === undefined) throw new TwofoldError('client-not-found', 'That client is not in the vault.')
    const name = client?.name ?? null
    return {
      fileName: reportFileName(name, new Date(this.#now())),
      csv: clientReportCsv(name, accounts, flags),
    }
  }

  backupCodeStatus(accountId: string) {
    this.#accounts().get(accountId)
    return this.#backupCodes().status(accountId)
  }

  // ── import and export ────────────────────────────────────────────────────────────────────────

  planImport(parsed: ParsedImport): ImportPlan {
    return planImport(
      parsed,
      this.#accounts().list(),
      this.#vault.requireKey(),
      this.settings().defaultPhoneRegion,
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
      this.#audit().append('import', null, `${chosen.length} accounts from ${plan.format}`)
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
   * already holds — the same secret, or the same platform and handle — are left alone. One transaction.
   */
  restoreAccounts(
    restored: readonly {
      account: NewAccount
      backupCodes: { code: string; usedAt: string | null; usedBy: string | null }[] | null
    }[],
  ): { imported: number; duplicates: number } {
    const store = this.#accounts()
    const key = this.#vault.requireKey()
    const existing = store.list()
    const secrets = new Set(existing.map((account) => account.secretFingerprint).filter(Boolean))
    const names = new Set(
      existing.map((account) => `${account.platform}\u0000${account.handle.toLowerCase()}`),
    )
    let imported = 0
    let duplicates = 0
    const db = this.#vault.requireUnlockedDatabase()
    try {
      db.transaction(() => {
        for (const { account, backupCodes } of restored) {
          const fingerprint = account.authenticator
            ? secretFingerprint(key, account.authenticator.secret).toString('hex')
            : null
          const name = `${account.platform}\u0000${account.handle.toLowerCase()}`
          if ((fingerprint && secrets.has(fingerprint)) || names.has(name)) {
            duplicates++
            continue
          }
          const id = store.insert(account)
          if (backupCodes && backupCodes.length > 0) this.#backupCodes().restoreSet(id, backupCodes)
          if (fingerprint) secrets.add(fingerprint)
          names.add(name)
          imported++
        }
        this.#audit().append('import', null, `restored ${imported} accounts from a backup`)
      })()
    } finally {
      for (const { account } of restored) wipe(account.authenticator?.secret)
    }
    return { imported, duplicates }
  }

  recordExport(detail: string, accountId: string | null = null): void {
    this.#audit().append('export', accountId, detail)
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

  // ── audit and settings ───────────────────────────────────────────────────────────────────────

  auditLog(
    filter: { limit?: number | undefined; accountId?: string | undefined; action?: string | undefined } = {},
  ): AuditEntry[] {
    const { action, ...rest } = filter
    const known = auditActionSchema.safeParse(action)
    if (action !== undefined && !known.success) return []
    return this.#audit().list(stripUndefined({ ...rest, action: known.data }))
  }

  /** Whether the audit log is whole: every entry as written, none removed (see audit-chain.ts). */
  verifyAuditLog(): AuditChainVerification {
    return this.#audit().verify()
  }

  settings(): VaultSettings {
    return new SettingsStore(this.#vault.requireUnlockedDatabase()).read()
  }

  updateSettings(patch: Partial<VaultSettings>): VaultSettings {
    return new SettingsStore(this.#vault.requireUnlockedDatabase()).update(patch)
  }

  // ── internals ────────────────────────────────────────────────────────────────────────────────

  #prepareNewAccount(request: NewAccountRequest): { account: NewAccount; dispose(): void } {
    const region = this.settings().defaultPhoneRegion
    let authenticator: AuthenticatorInput | undefined
    let issuer = request.issuer
    let handle = request.handle.trim()
    if (request.authenticator) {
      authenticator = this.#authenticatorFrom(request.authenticator, request.verificationCode)
      if (request.authenticator.source === 'uri') {
        const parsed = parseOtpAuthUri(request.authenticator.uri)
        wipe(parsed.secret)
        issuer ??= parsed.issuer || undefined
        if (!handle) handle = parsed.accountName
      }
    } else if (request.verificationCode) {
      throw new TwofoldError('invalid-request', 'A code can be checked only against an authenticator secret.')
    }
    const account: NewAccount = {
      platform: request.platform,
      handle,
      ...stripUndefined({
        displayName: request.displayName,
        issuer,
        notes: request.notes,
        tags: request.tags,
        clientName: request.clientName,
        authenticator,
        sms: request.sms?.trim() ? normalizePhone(request.sms, region).e164 : undefined,
        whatsapp: request.whatsapp?.trim() ? normalizePhone(request.whatsapp, region).e164 : undefined,
      }),
    }
    return { account, dispose: () => wipe(authenticator?.secret) }
  }

  /** Decodes the secret and, when the person typed the service's current code, checks it (±1 step). */
  #authenticatorFrom(input: AuthenticatorRequest, verificationCode: string | undefined): AuthenticatorInput {
    let secret: Uint8Array
    let params: OtpParameters
    let counter: number | undefined
    if (input.source === 'uri') {
      const parsed = parseOtpAuthUri(input.uri)
      secret = parsed.secret
      params =
        parsed.type === 'hotp'
          ? { type: 'hotp', algorithm: parsed.algorithm, digits: parsed.digits }
          : parsed.type === 'steam'
            ? { type: 'steam', algorithm: 'SHA1', digits: 5, period: 30 }
            : { type: 'totp', algorithm: parsed.algorithm, digits: parsed.digits, period: parsed.period }
      counter = parsed.type === 'hotp' ? parsed.counter : undefined
    } else {
      secret = decodeBase32Secret(input.secret)
      params = checkOtpParameters(
        input.type === 'hotp'
          ? { type: 'hotp', algorithm: input.algorithm, digits: input.digits }
          : input.type === 'steam'
            ? { type: 'steam', algorithm: 'SHA1', digits: 5, period: 30 }
            : { type: 'totp', algorithm: input.algorithm, digits: input.digits, period: input.period },
      )
      counter = input.type === 'hotp' ? (input.counter ?? 0) : undefined
    }
    let verifiedAt: string | null = null
    if (verificationCode !== undefined && verificationCode.trim() !== '') {
      const prepared = PreparedSecret.fromBytes(params, secret)
      try {
        let matched = false
        if (isHotp(prepared)) {
          const found = findHotpCounter(prepared, [verificationCode], counter ?? 0)
          if (found) counter = found.nextCounter
          matched = found !== null
        } else if (isTimeBased(prepared)) {
          matched = verifyTimeCode(prepared, verificationCode, this.#now()) !== null
        }
        if (!matched) {
          wipe(secret)
          throw new TwofoldError(
            'invalid-code',
            'That code does not match this secret. Check the secret (or scan the QR code again) and type the code the service shows now.',
            { field: 'verificationCode' },
          )
        }
      } finally {
        prepared.wipe()
      }
      verifiedAt = new Date(this.#now()).toISOString()
    }
    return { secret, params, verifiedAt, ...(counter !== undefined ? { counter } : {}) }
  }

  /** The flags that name one account. */
  #flagsOf(accountId: string): PostureFlag[] {
    return this.#flagsNaming([accountId])
  }

  /**
   * The flags that name any of these accounts. Only accounts sharing one of their numbers or secrets
   * can share a flag with them, so the rules run over those few rather than the whole vault — adding
   * the 10,000th account costs what adding the first did, and a first page of 100 rows needs a few
   * hundred accounts read, not 10,000.
   */
  #flagsNaming(accountIds: readonly string[]): PostureFlag[] {
    if (accountIds.length === 0) return []
    const ids = JSON.stringify(accountIds)
    const related = cachedStatement(
      this.#vault.requireUnlockedDatabase(),
      `SELECT p2.account_id AS id FROM phone_methods p1 JOIN phone_methods p2 ON p2.phone = p1.phone
        WHERE p1.account_id IN (SELECT value FROM json_each(?))
       UNION
       SELECT a2.account_id FROM authenticators a1 JOIN authenticators a2 ON a2.secret_fingerprint = a1.secret_fingerprint
        WHERE a1.account_id IN (SELECT value FROM json_each(?))
       UNION SELECT value FROM json_each(?)`,
    ).all(ids, ids, ids) as { id: string }[]
    // In the list's order, as the whole list's flags are computed: a flag names its accounts in the
    // same order whichever way it was found.
    const accounts = this.#accounts()
      .list({ ids: related.map((row) => row.id) })
      .sort(compareForList)
    return flagsNamingAny(computeFlags(accounts, this.#ruleSettings()), accountIds)
  }

  #ruleSettings() {
    return { lowBackupCodeThreshold: this.settings().lowBackupCodeThreshold }
  }

  #accounts(): AccountStore {
    const db = this.#vault.requireUnlockedDatabase()
    return new AccountStore(db, this.#vault.keyAccess(), this.#audit(), this.#now)
  }

  #backupCodes(): BackupCodeStore {
    const db = this.#vault.requireUnlockedDatabase()
    return new BackupCodeStore(db, this.#vault.keyAccess(), this.#audit(), this.#actor, this.#now)
  }

  #audit(): AuditLog {
    const db = this.#vault.requireUnlockedDatabase()
    return new AuditLog(db, this.#actor, this.#now, () => {
      if (this.#auditChain?.db !== db) {
        this.#forgetAuditChainKey()
        this.#auditChain = { db, key: openAuditChainKey(db, this.#vault.requireKey()) }
      }
      return this.#auditChain.key
    })
  }

  /** Locking is recorded after the vault key is gone, with the chain key kept until then. */
  #auditWhileLocked(): AuditLog {
    const db = this.#vault.database()
    return new AuditLog(db, this.#actor, this.#now, () => {
      if (this.#auditChain?.db !== db)
        throw new TwofoldError('vault-locked', 'The vault is locked. Unlock it first.')
      return this.#auditChain.key
    })
  }

  #forgetAuditChainKey(): void {
    wipe(this.#auditChain?.key)
    this.#auditChain = null
  }
}

/** How main's confirmation names an account: "acme.bakery (Instagram)". */
function accountAndService(account: { handle: string; label: string; issuer: string }): string {
  const name = account.label || account.handle
  return account.issuer ? `${name} (${account.issuer})` : name
}

function stripUndefined<T extends Record<string, unknown>>(
  value: T,
): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as never
}
