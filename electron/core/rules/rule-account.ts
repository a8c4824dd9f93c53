import type { AccountSummary } from '../../../shared/domain/accounts.ts'
import type { PostureFlag, PostureSettings } from '../../../shared/domain/flags.ts'
import { type PlatformPreset, platformPresets } from '../../../shared/domain/platforms.ts'

/**
 * An account as the rules see it. `secretFingerprint` is a keyed hash of the authenticator secret,
 * computed where the secret is decrypted: equal fingerprints mean the same secret, and the rules never
 * see the secret itself.
 */
export type RuleAccount = AccountSummary & { secretFingerprint: string | null; team?: TeamAccountState }

/** Where a team account stands with its team (absent for a personal account). */
export interface TeamAccountState {
  /** A member who held it was removed (or lost its client) since. */
  exposedSince: string | null
  /**
   * While exposed, what is done of what the flag asks: a new secret, and new backup codes when a set was
   * stored at the exposure (null: none was, the secret alone clears it). Absent: neither is done.
   */
  exposure?: { secretReplaced: boolean; backupCodesReissued: boolean | null } | null
  /** A sync found both sides changed one field differently. */
  conflictAt: string | null
}

/** A rule reads every account at once (some weak spots only show across accounts) and never throws. */
export type Rule = (accounts: readonly RuleAccount[], settings: PostureSettings) => PostureFlag[]

export function presetOf(account: RuleAccount): PlatformPreset {
  return platformPresets[account.platform]
}

/**
 * Backup codes are not counted: they are a way back in when the real method is lost, and no
 * platform keeps 2FA on with backup codes alone.
 */
export function hasTwoFactor(account: RuleAccount): boolean {
  const { authenticator, sms, whatsapp } = account.methods
  return authenticator?.enabled === true || sms?.enabled === true || whatsapp?.enabled === true
}

/** The distinct numbers codes are sent to; one number used for SMS and WhatsApp counts once. */
export function enabledPhoneNumbers(account: RuleAccount): [] | [string] | [string, string] {
  const { sms, whatsapp } = account.methods
  const bySms = sms?.enabled === true && sms.phone !== '' ? sms.phone : null
  const byWhatsapp = whatsapp?.enabled === true && whatsapp.phone !== '' ? whatsapp.phone : null
  if (bySms === null) return byWhatsapp === null ? [] : [byWhatsapp]
  return byWhatsapp === null || byWhatsapp === bySms ? [bySms] : [bySms, byWhatsapp]
}

/** How messages name an account: its handle as the platform writes it, else its display name. */
export function accountName(account: RuleAccount): string {
  const handle = account.handle.trim().replace(/^@/, '')
  if (handle !== '') return `${presetOf(account).handlePrefix}${handle}`
  const name = account.displayName.trim() || account.label.trim()
  return name === '' ? 'An account' : name
}

/** "Instagram"; for accounts of another service, the issuer they were saved with. */
export function serviceName(account: RuleAccount): string {
  if (account.platform !== 'generic') return presetOf(account).name
  return account.issuer.trim() || 'an unnamed service'
}

/** "@a", "@a and @b", "@a, @b and 3 more" — short enough for one line. */
export function nameList(names: readonly string[], shown = 2): string {
  if (names.length <= shown + 1) {
    return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1) ?? ''}`
  }
  return `${names.slice(0, shown).join(', ')} and ${names.length - shown} more`
}

export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`
}
