import type { OtpParameters } from '../engine/otp-parameters.ts'

/** What an export or a backup carries of one account; the accounts build it, the transfer writers write it. */
export interface ExportEntry {
  issuer: string
  accountName: string
  secret: Uint8Array
  params: OtpParameters
  counter?: number
  note?: string
  /** Becomes an Aegis group (Twofold's client). */
  group?: string | null
  /** What Aegis has no field for; Aegis ignores it, Twofold restores it. */
  twofold?: TwofoldAccountRecord
}

/**
 * Everything else Twofold knows about an account, carried in backups so a restore loses nothing:
 * platform, handle, phones, tags, and the backup codes (the file is encrypted as a whole).
 */
export interface TwofoldAccountRecord {
  /** The account's stable id, so a restore knows it again whatever was renamed (account-identity.ts). */
  id: string
  platform: string
  handle: string
  displayName: string
  issuer: string
  label: string
  client: string | null
  notes: string
  tags: string[]
  sms: string | null
  whatsapp: string | null
  verifiedAt: string | null
  backupCodes: { code: string; usedAt: string | null; usedBy: string | null }[] | null
}
