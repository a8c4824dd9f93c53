import type { PlatformId } from '../../../shared/domain/platforms.ts'
import { platformIds } from '../../../shared/domain/platforms.ts'
import type { FailedEntry, ImportedEntry, ImportFormat, ParsedImport } from '../importers/imported-entry.ts'
import { secretFingerprint } from '../crypto/secret-fingerprint.ts'
import type { AccountWithFingerprint } from './account-rows.ts'
import { isTwofoldError } from '../errors.ts'
import { normalizePhone } from '../phone/normalize-phone.ts'
import type { NewAccount } from './account-store.ts'
import { AccountIdentities, type IdentityReason } from './account-identity.ts'

export interface ImportPreviewItem {
  position: number
  issuer: string
  accountName: string
  platform: PlatformId
  client: string | null
  type: 'totp' | 'hotp' | 'steam' | null
  status: 'new' | 'duplicate'
  duplicateOf?: {
    id: string
    handle: string
    reason: IdentityReason
    /** False when it repeats an earlier entry of the same import rather than an account in the vault. */
    inVault: boolean
  }
}

export interface ImportPlan {
  format: ImportFormat
  items: ImportPreviewItem[]
  failed: FailedEntry[]
  /** What commit writes for each `new` item (and each duplicate, when asked to keep them). */
  accounts: Map<number, NewAccount>
}

/** Issuers people type for the platforms Twofold has presets for. */
const PLATFORM_BY_ISSUER: [RegExp, PlatformId][] = [
  [/^instagram\b/i, 'instagram'],
  [/^(facebook|meta)\b/i, 'facebook'],
  [/^tik ?tok\b/i, 'tiktok'],
  [/^(x|twitter|x\.com|x \(twitter\))$/i, 'x'],
  [/^google\b/i, 'google'],
]

export function platformForIssuer(issuer: string): PlatformId {
  return PLATFORM_BY_ISSUER.find(([pattern]) => pattern.test(issuer.trim()))?.[1] ?? 'generic'
}

/**
 * What an import would do, before it does it: each entry with what it maps to, duplicates against the
 * vault and within the file (by the one account identity rule, account-identity.ts) marked and skipped
 * by default, and entries that cannot be read listed with the reason.
 */
export function planImport(
  parsed: ParsedImport,
  existing: readonly AccountWithFingerprint[],
  vaultKey: Uint8Array,
  defaultRegion: string | null,
): ImportPlan {
  type Seen = { id: string; handle: string; inVault: boolean }
  const known = new AccountIdentities<Seen>(
    existing.map((account) => [
      { ...account, accountName: account.label || account.handle },
      { id: account.id, handle: account.handle, inVault: true },
    ]),
  )
  const items: ImportPreviewItem[] = []
  const failed = [...parsed.failed]
  const accounts = new Map<number, NewAccount>()

  parsed.entries.forEach((entry, index) => {
    const position = index + 1
    let account: NewAccount
    try {
      account = toNewAccount(entry, defaultRegion)
    } catch (error) {
      failed.push({
        position,
        name: describe(entry),
        reason: isTwofoldError(error) ? error.message : 'This entry could not be read.',
      })
      return
    }
    const identity = {
      secretFingerprint: entry.secret ? secretFingerprint(vaultKey, entry.secret).toString('hex') : null,
      platform: account.platform,
      handle: account.handle,
      issuer: account.issuer ?? '',
      accountName: account.label ?? account.handle,
    }
    const found = known.match(identity)
    const duplicate = found ? { ...found.match, reason: found.reason } : undefined
    items.push({
      position,
      issuer: account.issuer ?? '',
      accountName: account.handle,
      platform: account.platform,
      client: account.clientName ?? null,
      type: entry.params?.type ?? null,
      status: duplicate ? 'duplicate' : 'new',
      ...(duplicate ? { duplicateOf: duplicate } : {}),
    })
    accounts.set(position, account)
    // Later entries of the same file are compared with earlier ones too.
    known.add(identity, { id: `import:${position}`, handle: account.handle, inVault: false })
  })
  return { format: parsed.format, items, failed, accounts }
}

function toNewAccount(entry: ImportedEntry, defaultRegion: string | null): NewAccount {
  const platform =
    entry.platform && (platformIds as readonly string[]).includes(entry.platform)
      ? entry.platform
      : platformForIssuer(entry.issuer)
  const handle = (entry.handle ?? entry.accountName).trim() || entry.issuer.trim() || 'Imported account'
  return {
    platform,
    handle,
    label: entry.accountName || handle,
    issuer: entry.issuer,
    ...(entry.group ? { clientName: entry.group } : {}),
    ...(entry.note ? { notes: entry.note } : {}),
    ...(entry.tags ? { tags: entry.tags } : {}),
    ...(entry.secret && entry.params
      ? {
          authenticator: {
            secret: entry.secret,
            params: entry.params,
            ...(entry.counter !== undefined ? { counter: entry.counter } : {}),
          },
        }
      : {}),
    ...(entry.sms?.trim() ? { sms: normalizePhone(entry.sms, defaultRegion).e164 } : {}),
    ...(entry.whatsapp?.trim() ? { whatsapp: normalizePhone(entry.whatsapp, defaultRegion).e164 } : {}),
  }
}

function describe(entry: ImportedEntry): string {
  return [entry.issuer, entry.accountName].filter(Boolean).join(': ').slice(0, 120)
}
