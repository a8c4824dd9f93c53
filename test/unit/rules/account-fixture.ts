import type { AuthenticatorMethod, BackupCodeStatus, PhoneMethod } from '../../../shared/domain/accounts.ts'
import type { PlatformId } from '../../../shared/domain/platforms.ts'
import type { RuleAccount } from '../../../electron/core/rules/index.ts'

const AT = '2025-01-01T00:00:00.000Z'

export interface AccountShape {
  id?: string
  platform?: PlatformId
  handle?: string
  issuer?: string
  /** A verified, enabled authenticator unless told otherwise; null for none at all. */
  authenticator?: 'verified' | 'unverified' | 'disabled' | null
  /** A number turns the method on; `off(number)` saves it turned off. */
  sms?: string | PhoneMethod | null
  whatsapp?: string | PhoneMethod | null
  /** Unused codes left in a fresh set of five (five when not told); null for no set saved. */
  unusedBackupCodes?: number | null
  secretFingerprint?: string | null
}

let nextId = 1

/**
 * A healthy account — verified authenticator, full backup-code set, no phone — that raises no flag,
 * so each test changes only the thing it is about.
 */
export function account(shape: AccountShape = {}): RuleAccount {
  const id = shape.id ?? `account-${nextId++}`
  const platform = shape.platform ?? 'instagram'
  return {
    id,
    platform,
    handle: shape.handle ?? id,
    displayName: '',
    issuer: shape.issuer ?? '',
    label: '',
    clientId: null,
    clientName: null,
    notes: '',
    tags: [],
    createdAt: AT,
    lastUsedAt: null,
    updatedAt: AT,
    methods: {
      authenticator: authenticator(shape.authenticator === undefined ? 'verified' : shape.authenticator),
      sms: phone(shape.sms ?? null),
      whatsapp: phone(shape.whatsapp ?? null),
      backupCodes: backupCodes(shape.unusedBackupCodes === undefined ? 5 : shape.unusedBackupCodes),
    },
    secretFingerprint: shape.secretFingerprint ?? null,
  }
}

/** A phone method saved but turned off. */
export function off(number: string): PhoneMethod {
  return { enabled: false, phone: number, verifiedAt: AT, addedAt: AT }
}

function authenticator(state: AccountShape['authenticator']): AuthenticatorMethod | null {
  if (state === null || state === undefined) return null
  return {
    enabled: state !== 'disabled',
    type: 'totp',
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    verifiedAt: state === 'unverified' ? null : AT,
    addedAt: AT,
  }
}

function phone(value: string | PhoneMethod | null): PhoneMethod | null {
  if (value === null || typeof value !== 'string') return value
  return { enabled: true, phone: value, verifiedAt: AT, addedAt: AT }
}

function backupCodes(unused: number | null): BackupCodeStatus | null {
  if (unused === null) return null
  const total = Math.max(unused, 5)
  return { total, unused, used: total - unused, replacedAt: null, addedAt: AT }
}
