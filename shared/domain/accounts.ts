import { z } from 'zod'
import { platformIdSchema } from './platforms.ts'

/** An account as windows and the CLI see it: everything but secrets. */
export const otpTypeSchema = z.enum(['totp', 'hotp', 'steam'])
export type OtpType = z.infer<typeof otpTypeSchema>
export const otpAlgorithmSchema = z.enum(['SHA1', 'SHA256', 'SHA512'])
export type OtpAlgorithm = z.infer<typeof otpAlgorithmSchema>

const timestamp = z.string() // ISO 8601, UTC

export const authenticatorMethodSchema = z.strictObject({
  enabled: z.boolean(),
  type: otpTypeSchema,
  algorithm: otpAlgorithmSchema,
  digits: z.number().int(),
  period: z.number().int(),
  /** Set when the person typed a matching code from the service while adding the secret. */
  verifiedAt: timestamp.nullable(),
  addedAt: timestamp,
})
export type AuthenticatorMethod = z.infer<typeof authenticatorMethodSchema>

export const phoneMethodSchema = z.strictObject({
  enabled: z.boolean(),
  /** E.164, e.g. +14155550123. Not a secret, but windows show it masked until asked. */
  phone: z.string(),
  verifiedAt: timestamp.nullable(),
  addedAt: timestamp,
})
export type PhoneMethod = z.infer<typeof phoneMethodSchema>

export const backupCodeStatusSchema = z.strictObject({
  total: z.number().int().nonnegative(),
  unused: z.number().int().nonnegative(),
  used: z.number().int().nonnegative(),
  /** When the current set replaced the one before, if it did. */
  replacedAt: timestamp.nullable(),
  /** Null for a team account's set: the server keeps it, and this device never saw it added. */
  addedAt: timestamp.nullable(),
  /**
   * A team account's set, kept on the team server: each code goes to one person, so it is never
   * revealed whole and a use is never put back. Absent for a personal account's.
   */
  shared: z.literal(true).optional(),
})
export type BackupCodeStatus = z.infer<typeof backupCodeStatusSchema>

export const accountSummarySchema = z.strictObject({
  id: z.string(),
  platform: platformIdSchema,
  handle: z.string(),
  displayName: z.string(),
  issuer: z.string(),
  label: z.string(),
  clientId: z.string().nullable(),
  clientName: z.string().nullable(),
  notes: z.string(),
  tags: z.array(z.string()),
  createdAt: timestamp,
  updatedAt: timestamp,
  /** When a code of this account was last copied: the quick popup ranks recent accounts first. */
  lastUsedAt: timestamp.nullable(),
  methods: z.strictObject({
    authenticator: authenticatorMethodSchema.nullable(),
    sms: phoneMethodSchema.nullable(),
    whatsapp: phoneMethodSchema.nullable(),
    backupCodes: backupCodeStatusSchema.nullable(),
  }),
})
export type AccountSummary = z.infer<typeof accountSummarySchema>

export const clientSchema = z.strictObject({ id: z.string(), name: z.string(), createdAt: timestamp })
export type Client = z.infer<typeof clientSchema>
