import { z } from 'zod'

/** A code as a window shows it. HOTP codes have no end: they stay valid until used. */
export const codeViewSchema = z.strictObject({
  accountId: z.string(),
  code: z.string(),
  /** Milliseconds since 1970. */
  validFrom: z.number(),
  validUntil: z.number().nullable(),
  period: z.number().nullable(),
})
export type CodeView = z.infer<typeof codeViewSchema>

export const auditEntrySchema = z.strictObject({
  id: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  accountId: z.string().nullable(),
  detail: z.string(),
})
export type AuditEntryView = z.infer<typeof auditEntrySchema>

export const trashedAccountSchema = z.strictObject({
  id: z.string(),
  platform: z.string(),
  handle: z.string(),
  clientName: z.string().nullable(),
  deletedAt: z.string(),
  /** When the trash empties itself of this account. */
  purgeAt: z.string(),
})
export type TrashedAccount = z.infer<typeof trashedAccountSchema>

export const themeSchema = z.enum(['system', 'light', 'dark'])

export const vaultSettingsSchema = z.strictObject({
  /** ISO 3166 region for phone numbers typed without a country code. */
  defaultPhoneRegion: z
    .string()
    .regex(/^[A-Z]{2}$/, 'Use a two-letter country code such as US or GB.')
    .nullable(),
  lowBackupCodeThreshold: z.number().int().min(0).max(100),
  theme: themeSchema,
})
export type VaultSettings = z.infer<typeof vaultSettingsSchema>

/**
 * An account as the quick popup lists it: enough to find it and copy a code, nothing more. The popup
 * asks the core for the few that match what was typed instead of holding the whole vault's list.
 */
export const quickAccountSchema = z.strictObject({
  id: z.string(),
  platform: z.string(),
  handle: z.string(),
  issuer: z.string(),
  clientName: z.string().nullable(),
  hasAuthenticator: z.boolean(),
  /** Unused backup codes; null when the account has none saved. */
  unusedBackupCodes: z.number().int().nullable(),
  /** A posture flag worse than "info" names it. */
  hasWarnings: z.boolean(),
})
export type QuickAccount = z.infer<typeof quickAccountSchema>
