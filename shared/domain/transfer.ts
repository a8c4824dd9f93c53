import { z } from 'zod'
import { importFormats } from './import-formats.ts'
import { platformIdSchema } from './platforms.ts'
import { MIN_PASSWORD_LENGTH } from './vault.ts'

export { importFormats, type ImportFormat } from './import-formats.ts'
export const importFormatSchema = z.enum(importFormats)

/** What an export can write: an encrypted Aegis vault, or plain otpauth:// links. */
export type ExportFormat = 'aegis' | 'otpauth'

/**
 * An Aegis export's own password: the vault password's bar, since the file faces the same offline
 * guessing. Counted in characters (code points), as every password rule here is, so an emoji counts
 * once in the app and the CLI alike. The one definition: the IPC contract and the core both read it.
 */
export const EXPORT_PASSWORD_RULE = `Use an export password of at least ${MIN_PASSWORD_LENGTH} characters.`
export function isStrongExportPassword(password: string): boolean {
  return [...password].length >= MIN_PASSWORD_LENGTH
}

/** What a person sees for each entry before anything is written — never the secret. */
export const importPreviewItemSchema = z.strictObject({
  position: z.number().int(),
  issuer: z.string(),
  accountName: z.string(),
  platform: platformIdSchema,
  client: z.string().nullable(),
  type: z.enum(['totp', 'hotp', 'steam']).nullable(),
  status: z.enum(['new', 'duplicate']),
  duplicateOf: z
    .strictObject({
      id: z.string(),
      handle: z.string(),
      reason: z.enum(['same account', 'same secret', 'same platform and handle', 'same issuer and account']),
      /** False when it repeats an earlier entry of the same import, not an account in the vault. */
      inVault: z.boolean(),
    })
    .optional(),
})
export type ImportPreviewItem = z.infer<typeof importPreviewItemSchema>

export const failedImportEntrySchema = z.strictObject({
  position: z.number().int(),
  name: z.string(),
  reason: z.string(),
})

export const importPreviewSchema = z.strictObject({
  /** Names the parsed entries main keeps (secrets included) until commit, discard or lock. */
  importId: z.string(),
  format: importFormatSchema,
  /** The file's name, "Pasted text", "Clipboard image" or "Screen". */
  sourceName: z.string(),
  items: z.array(importPreviewItemSchema),
  failed: z.array(failedImportEntrySchema),
})
export type ImportPreview = z.infer<typeof importPreviewSchema>

export const importResultSchema = z.strictObject({
  imported: z.number().int(),
  duplicates: z.number().int(),
  failed: z.number().int(),
})

export const backupFileSchema = z.strictObject({
  name: z.string(),
  createdAt: z.string(),
  bytes: z.number().int(),
})
export type BackupFileView = z.infer<typeof backupFileSchema>

export const backupStatusSchema = z.strictObject({
  folder: z.string(),
  keep: z.number().int(),
  automatic: z.boolean(),
  backups: z.array(backupFileSchema),
  /** No backup for 7 days (or none at all) while the vault holds accounts. */
  reminderDue: z.boolean(),
  /** Days since the newest backup, or null when there is none. */
  daysSinceLast: z.number().int().nullable(),
  /** Why the last automatic backup failed (a full or missing drive), until one succeeds. */
  lastProblem: z.string().nullable(),
})
export type BackupStatus = z.infer<typeof backupStatusSchema>
