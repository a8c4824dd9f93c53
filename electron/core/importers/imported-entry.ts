import type { PlatformId } from '../../../shared/domain/platforms.ts'
import type { OtpParameters } from '../engine/otp-parameters.ts'
import type { ImportFormat } from '../../../shared/domain/transfer.ts'

/**
 * One account read from another app's export, before it becomes a Twofold account. Every importer
 * produces these; preview and commit work on nothing else.
 */
export interface ImportedEntry {
  issuer: string
  accountName: string
  /** Raw secret bytes (decoded once, here). The importer's caller wipes them after commit. */
  secret: Uint8Array | null
  params: OtpParameters | null
  /** HOTP only: the counter of the next code. */
  counter?: number
  /** The other app's group or folder: becomes the Twofold client. */
  group?: string | null
  note?: string
  /** Agency CSV only: what a spreadsheet row carries beyond an authenticator. */
  platform?: PlatformId
  handle?: string
  sms?: string
  whatsapp?: string
  tags?: string[]
}

/** An entry that could not be read, listed with its reason instead of silently dropped. */
export interface FailedEntry {
  /** 1-based position in the source, as a person would count. */
  position: number
  /** What the source calls it, when it says (never a secret). */
  name: string
  reason: string
}

// The list lives in shared/ so the IPC contract can name the formats too.
export { importFormats, type ImportFormat } from '../../../shared/domain/transfer.ts'

export interface ParsedImport {
  format: ImportFormat
  entries: ImportedEntry[]
  failed: FailedEntry[]
}
