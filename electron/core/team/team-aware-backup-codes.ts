import type { AccountSummary } from '../../../shared/domain/accounts.ts'
import { platformPresets } from '../../../shared/domain/platforms.ts'
import { toSummary } from '../accounts/account-rows.ts'
import type { AuditTrail } from '../accounts/audit-trail.ts'
import type { BackupCodeService } from '../accounts/backup-code-service.ts'
import { openAccountStore } from '../accounts/open-stores.ts'
import type { BackupCodeSetStatus } from '../backup-codes/backup-code-store.ts'
import { parseBackupCodes } from '../backup-codes/parse-backup-codes.ts'
import type { Clipboard } from '../clipboard/clipboard.ts'
import { TwofoldError } from '../errors.ts'
import type { Vault } from '../vault/vault.ts'
import type { TeamService } from './team-service.ts'
import { TeamStore } from './team-store.ts'

export interface TeamAwareBackupCodeParts {
  vault: Vault
  audit: AuditTrail
  clipboard: Clipboard
  personal: BackupCodeService
  team: TeamService
  now: () => number
}

/** An earlier claim of the set a team code came from: who (by name) and when. */
export interface EarlierClaim {
  member: string
  at: string
}

export interface UsedBackupCode {
  code: string
  position: number
  remaining: number
  /** Team accounts only: the set's other claims, so the person knows who else is using it. */
  earlierClaims?: EarlierClaim[]
}

/**
 * Every backup-code action on one account, sent where that account's codes live: a team account's on
 * the team server (each code handed to one person, exactly once), a personal one's in this vault. The
 * windows and the CLI both come through here, so neither can use a team account's codes as if they
 * were its own.
 */
export class TeamAwareBackupCodes {
  readonly #parts: TeamAwareBackupCodeParts
  /**
   * The team code this process claimed last, so "copy the code shown" can copy it from main: kept
   * exactly as the personal path keeps its shown code — one, replaced by the next use, forgotten on lock.
   */
  #shown: { accountId: string; code: string; position: number } | null = null

  constructor(parts: TeamAwareBackupCodeParts) {
    this.#parts = parts
    parts.vault.onStateChanged((status) => {
      if (status.state !== 'unlocked') this.#shown = null
    })
  }

  isTeamAccount(accountId: string): boolean {
    return this.#parts.team.isTeamAccount(accountId)
  }

  /** Replaces the account's set with the pasted codes; a team account's set is stored on the server. */
  async set(accountId: string, text: string): Promise<AccountSummary> {
    if (!this.isTeamAccount(accountId)) return this.#parts.personal.setBackupCodes(accountId, text)
    const account = this.#account(accountId)
    const preset = platformPresets[account.platform]
    if (!preset.methods.includes('backup-codes'))
      throw new TwofoldError('method-not-allowed', `${preset.name} does not hand out backup codes.`)
    // The same reading, and the same check of the service's code length, as a personal account's.
    const codes = parseBackupCodes(text, { expectedLength: preset.backupCodeLength })
    await this.#parts.team.setBackupCodes(accountId, codes.join('\n'))
    return toSummary(this.#account(accountId))
  }

  /** The next code, marked used; for a team account, claimed on the server (offline: refused, saying why). */
  async useNext(accountId: string): Promise<UsedBackupCode> {
    if (!this.isTeamAccount(accountId)) {
      this.#shown = null
      return this.#parts.personal.useNextBackupCode(accountId)
    }
    this.#account(accountId)
    const claim = await this.#parts.team.useNextBackupCode(accountId)
    this.#shown = { accountId, code: claim.code, position: claim.position }
    // The server's log has the claim; this vault's log keeps this device's side of it, like a personal use.
    this.#parts.audit.log().append('backup-code.used', accountId, `team code ${claim.position + 1}`)
    return {
      code: claim.code,
      position: claim.position,
      remaining: claim.remaining,
      earlierClaims: claim.earlierClaims.map(({ member, at }) => ({ member, at })),
    }
  }

  /** The quick popup's "use next": the code goes straight to main's clipboard, never to the window. */
  async copyNext(accountId: string): Promise<{ position: number; remaining: number }> {
    if (!this.isTeamAccount(accountId)) return this.#parts.personal.copyNextBackupCode(accountId)
    const { code, position, remaining } = await this.useNext(accountId)
    await this.#parts.clipboard.writeText(code)
    return { position, remaining }
  }

  undoUse(accountId: string): AccountSummary {
    if (!this.isTeamAccount(accountId)) return this.#parts.personal.undoBackupCodeUse(accountId)
    throw new TwofoldError(
      'team-codes-one-at-a-time',
      'A backup code of a team account cannot be put back: the team server handed it to you and will never hand it to anyone else, so the claim is final. If you did not use it, it is simply one code fewer.',
    )
  }

  /** Copies, from main, the code "use next" just showed for this account. */
  async copyShown(accountId: string): Promise<{ position: number }> {
    if (!this.isTeamAccount(accountId)) return this.#parts.personal.copyShownBackupCode(accountId)
    const shown = this.#shown
    if (!shown || shown.accountId !== accountId)
      throw new TwofoldError(
        'backup-code-not-shown',
        'Only the backup code just used can be copied. Use the next code to get one.',
      )
    this.#parts.audit.log().append('backup-code.copied', accountId, `team code ${shown.position + 1}`)
    await this.#parts.clipboard.writeText(shown.code)
    return { position: shown.position }
  }

  async reveal(accountId: string, password: string | undefined) {
    if (this.isTeamAccount(accountId)) throw oneAtATime()
    return this.#parts.personal.revealBackupCodes(accountId, password)
  }

  async copyRevealed(accountId: string, position: number): Promise<{ position: number }> {
    if (this.isTeamAccount(accountId)) throw oneAtATime()
    return this.#parts.personal.copyRevealedBackupCode(accountId, position)
  }

  /** How many codes are left: a team account's as of the last claim or sync this device saw. */
  status(accountId: string): BackupCodeSetStatus {
    if (!this.isTeamAccount(accountId)) return this.#parts.personal.backupCodeStatus(accountId)
    this.#account(accountId)
    const { vault } = this.#parts
    const set = new TeamStore(vault.requireUnlockedDatabase(), vault.keyAccess()).currentBackupCodeSet(
      accountId,
    )
    const total = set?.total ?? 0
    const used = set?.claimed ?? 0
    return { accountId, total, unused: total - used, used, replacedAt: null }
  }

  #account(accountId: string) {
    return openAccountStore(this.#parts.vault, this.#parts.audit, this.#parts.now).get(accountId)
  }
}

function oneAtATime(): TwofoldError {
  return new TwofoldError(
    'team-codes-one-at-a-time',
    "A team account's backup codes are never shown all at once: the team server hands them out one at a time, so two people never use the same code. Use next gives you one.",
  )
}
