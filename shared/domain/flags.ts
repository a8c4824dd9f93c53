import { z } from 'zod'

export const flagKinds = [
  'shared-phone',
  'no-2fa',
  'sms-only',
  'whatsapp-without-sms',
  'backup-codes-missing',
  'backup-codes-low',
  'backup-codes-exhausted',
  'duplicate-secret',
  'secret-unverified',
  /** A team account a removed member (or one whose client was revoked) could have copied. */
  'exposed-to-former-member',
  /** Two devices changed the same field of a team account; both versions are kept until someone picks. */
  'sync-conflict',
] as const
export const flagKindSchema = z.enum(flagKinds)
export type FlagKind = z.infer<typeof flagKindSchema>

export const flagSeveritySchema = z.enum(['critical', 'warning', 'info'])
export type FlagSeverity = z.infer<typeof flagSeveritySchema>

/** A weak spot in the accounts' 2FA, raised by a rule. Flags warn; they never block a save. */
export const postureFlagSchema = z.strictObject({
  kind: flagKindSchema,
  severity: flagSeveritySchema,
  accountIds: z.array(z.string()).min(1),
  /** For `shared-phone`: the number the accounts share (E.164). */
  phone: z.string().optional(),
  /** One line a person understands, naming what is wrong and why it matters. */
  message: z.string(),
})
export type PostureFlag = z.infer<typeof postureFlagSchema>

export const postureSettingsSchema = z.strictObject({
  /** `backup-codes-low` when this many unused codes or fewer remain. */
  lowBackupCodeThreshold: z.number().int().min(0).max(100),
})
export type PostureSettings = z.infer<typeof postureSettingsSchema>
export const defaultPostureSettings: PostureSettings = { lowBackupCodeThreshold: 2 }
