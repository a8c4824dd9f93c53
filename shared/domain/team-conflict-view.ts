import { z } from 'zod'
import { otpAlgorithmSchema, otpTypeSchema } from './accounts.ts'

/** The fields of a team account two devices can change differently (a merge takes them one by one). */
export const conflictFieldSchema = z.enum([
  'platform',
  'handle',
  'displayName',
  'issuer',
  'label',
  'notes',
  'tags',
  'secret',
  'sms',
  'whatsapp',
])
export type ConflictField = z.infer<typeof conflictFieldSchema>

export const conflictSideSchema = z.enum(['mine', 'theirs'])
export type ConflictSide = z.infer<typeof conflictSideSchema>

/**
 * One side's value of a conflicting field. The authenticator secret itself never leaves the core: a
 * person compares each version's current code (and parameters) with what the service accepts.
 */
export const conflictValueSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('text'), text: z.string() }),
  z.strictObject({ kind: z.literal('tags'), tags: z.array(z.string()) }),
  z.strictObject({
    kind: z.literal('phone'),
    phone: z.strictObject({ number: z.string(), verifiedAt: z.string().nullable() }).nullable(),
  }),
  z.strictObject({
    kind: z.literal('authenticator'),
    authenticator: z
      .strictObject({
        type: otpTypeSchema,
        algorithm: otpAlgorithmSchema,
        digits: z.number().int(),
        period: z.number().int(),
        counter: z.number().int(),
        /** The code this version gives now (HOTP: at its counter, which showing it does not move). */
        code: z.string(),
        verifiedAt: z.string().nullable(),
      })
      .nullable(),
  }),
])
export type ConflictValue = z.infer<typeof conflictValueSchema>

/**
 * A team account changed on two devices at once: `mine` is this device's version, `theirs` the one the
 * team holds (and the account shows meanwhile). Only the fields the two differ in are listed.
 */
export const teamConflictViewSchema = z.strictObject({
  accountId: z.string(),
  handle: z.string(),
  issuer: z.string(),
  clientName: z.string().nullable(),
  /** The account is in the trash: choosing keeps it there (restore it separately). */
  inTrash: z.boolean(),
  since: z.string(),
  fields: z.array(
    z.strictObject({ field: conflictFieldSchema, mine: conflictValueSchema, theirs: conflictValueSchema }),
  ),
})
export type TeamConflictView = z.infer<typeof teamConflictViewSchema>

/**
 * A choice: `keep` for every differing field, `fields` per field (overriding `keep`). The per-field map
 * is a strict object of the known fields rather than a record, so a key outside them — `__proto__`
 * included — is refused by the schema before any handler runs.
 */
export const conflictChoiceSchema = z.strictObject({
  keep: conflictSideSchema.optional(),
  fields: z
    .strictObject(
      Object.fromEntries(
        conflictFieldSchema.options.map((field) => [field, conflictSideSchema.optional()]),
      ) as Record<ConflictField, z.ZodOptional<typeof conflictSideSchema>>,
    )
    .optional(),
})
export type ConflictChoice = z.infer<typeof conflictChoiceSchema>
