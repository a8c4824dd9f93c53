import type { ImportFormat } from '../../../../shared/domain/import-formats.ts'

/** One third-party sample and what `twofold import <file> --dry-run --json` must report for it. */
export interface SampleCount {
  /** Under ../shared/fixtures/third-party/. */
  path: string
  password?: string
  format: ImportFormat
  /** Accounts read (the dry run's imported + duplicates: a sample may hold one secret twice). */
  entries: number
  /** Entries listed as failed (with their reason), never dropped. */
  failed: number
}
