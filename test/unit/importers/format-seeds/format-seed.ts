import type { ImportFormat } from '../../../../shared/domain/import-formats.ts'

export interface FormatSeed {
  format: ImportFormat
  bytes: Uint8Array
  /** For encrypted seeds; the fuzz suites otherwise use their own FUZZ password. */
  password?: string
}

/**
 * The password encrypted seeds are sealed with: the reliability fuzz opens them with it (so damage
 * reaches the decryption), the unit fuzz gives none (so they stop at "password required"). Seal with
 * the cheapest key-derivation settings the format allows, or the fuzzing spends its time deriving.
 */
export const SEED_PASSWORD = 'fuzz password'
