import type { AccountSummary } from '../../../shared/domain/accounts.ts'
import type { FlagKind, FlagSeverity, PostureFlag } from '../../../shared/domain/flags.ts'
import type { PlatformId } from '../../../shared/domain/platforms.ts'
import { flagKindFacts, severityRank } from '../../shared/catalog/flags.ts'
import { platforms } from '../../shared/catalog/platforms.ts'

export function PlatformMark({ platform, issuer }: { platform: PlatformId; issuer: string }) {
  const facts = platforms[platform]
  const mark = facts.mark || (issuer.trim()[0] ?? '?').toUpperCase()
  return (
    <span
      className={`platform-mark platform-${platform}`}
      title={platform === 'generic' ? issuer : facts.name}
    >
      <span aria-hidden="true">{mark}</span>
      <span className="visually-hidden">{platform === 'generic' ? issuer || facts.name : facts.name}</span>
    </span>
  )
}

/** "App", "SMS", "WhatsApp", "Backup codes 4 of 5 left": the methods switched on, in one line. */
export function MethodBadges({ account }: { account: AccountSummary }) {
  const { authenticator, sms, whatsapp, backupCodes } = account.methods
  const badges: { key: string; text: string; tone?: string }[] = []
  if (authenticator?.enabled) badges.push({ key: 'app', text: 'App' })
  if (sms?.enabled) badges.push({ key: 'sms', text: 'SMS' })
  if (whatsapp?.enabled) badges.push({ key: 'whatsapp', text: 'WhatsApp' })
  if (backupCodes) {
    badges.push({
      key: 'backup',
      text: `Backup codes ${backupCodes.unused} of ${backupCodes.total} left`,
      tone: backupCodes.unused === 0 ? 'danger' : undefined,
    })
  }
  if (badges.length === 0) return <span className="muted small">No 2FA</span>
  return (
    <ul className="method-badges" aria-label="2FA methods">
      {badges.map((badge) => (
        <li
          key={badge.key}
          className={badge.tone ? `method-badge method-badge-${badge.tone}` : 'method-badge'}
        >
          {badge.text}
        </li>
      ))}
    </ul>
  )
}

const SHOWN_FLAGS = 2

/** The account's flags, one badge per kind, worst first; the rest counted. */
export function FlagBadges({ flags }: { flags: readonly PostureFlag[] | undefined }) {
  if (!flags || flags.length === 0) return null
  const worstByKind = new Map<FlagKind, FlagSeverity>()
  for (const flag of flags) {
    const known = worstByKind.get(flag.kind)
    if (known === undefined || severityRank[flag.severity] < severityRank[known])
      worstByKind.set(flag.kind, flag.severity)
  }
  const kinds = [...worstByKind].sort(([, a], [, b]) => severityRank[a] - severityRank[b])
  const hidden = kinds.slice(SHOWN_FLAGS)
  return (
    <ul className="flag-badges" aria-label="Flags">
      {kinds.slice(0, SHOWN_FLAGS).map(([kind, severity]) => (
        <li key={kind} className={`flag-badge flag-${severity}`}>
          {flagKindFacts[kind].label}
        </li>
      ))}
      {hidden.length > 0 && (
        <li
          className="flag-badge flag-more"
          title={hidden.map(([kind]) => flagKindFacts[kind].label).join(', ')}
        >
          +{hidden.length}
          <span className="visually-hidden">
            {' '}
            more: {hidden.map(([kind]) => flagKindFacts[kind].label).join(', ')}
          </span>
        </li>
      )}
    </ul>
  )
}
