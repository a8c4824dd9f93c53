import type { FlagKind, FlagSeverity } from '../../../shared/domain/flags.ts'

export interface FlagKindFacts {
  /** Short enough for a badge. */
  label: string
  /** What the kind means, for the Flags view. */
  explanation: string
}

/** Restated rather than imported, like the platforms: the Record type catches a kind added to the core. */
export const flagKindFacts: Readonly<Record<FlagKind, FlagKindFacts>> = {
  'shared-phone': {
    label: 'Shared phone',
    explanation: 'One number receives the codes of several accounts.',
  },
  'no-2fa': { label: 'No 2FA', explanation: 'The account has no second factor at all.' },
  'sms-only': { label: 'SMS only', explanation: 'Codes arrive only by SMS, which SIM swaps can steal.' },
  'whatsapp-without-sms': {
    label: 'WhatsApp without SMS',
    explanation: 'WhatsApp codes are on while SMS is off, which the platform does not allow.',
  },
  'backup-codes-missing': {
    label: 'No backup codes',
    explanation: 'No backup codes are saved, so a lost phone means a lost account.',
  },
  'backup-codes-low': { label: 'Backup codes low', explanation: 'Few unused backup codes remain.' },
  'backup-codes-exhausted': {
    label: 'Backup codes used up',
    explanation: 'Every saved backup code has been used.',
  },
  'duplicate-secret': {
    label: 'Duplicate secret',
    explanation: 'Two accounts share one authenticator secret: one of them was set up wrongly.',
  },
  'secret-unverified': {
    label: 'Unverified secret',
    explanation: 'The secret was saved without confirming a code from the service.',
  },
  'exposed-to-former-member': {
    label: 'Exposed to a former member',
    explanation: 'Someone who left the team could have copied this secret: replace it and its backup codes.',
  },
  'sync-conflict': {
    label: 'Sync conflict',
    explanation: 'Two people changed the same field of this team account; both versions are kept.',
  },
}

/** In the core's order (`flagKinds`), which is how the Flags view orders its cards. */
export const flagKindOrder = Object.keys(flagKindFacts) as FlagKind[]

export const severityRank: Readonly<Record<FlagSeverity, number>> = { critical: 0, warning: 1, info: 2 }
