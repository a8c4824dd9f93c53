import type { ImportFormat, ImportPreview, ImportPreviewItem } from '../../../shared/domain/transfer.ts'
import type { RequestOf, ResponseOf } from '../../../shared/ipc/contract.ts'
import { plural } from '../../shared/format.ts'

export type ImportSource = RequestOf<'import:preview'>['source']
export type ChosenFile = NonNullable<ResponseOf<'import:choose-file'>['file']>
export type ChosenKeyFile = NonNullable<ResponseOf<'import:choose-key-file'>['keyFile']>
export type ImportResult = ResponseOf<'import:commit'>

/** Everything needed to ask main for a preview again, as the password step must. */
export interface PreviewRequest {
  source: ImportSource
  /** How the password step names what it is opening. */
  sourceName: string
  format?: ImportFormat
}

/**
 * Where the wizard is. Only `preview` has something open in main (the parsed secrets behind an
 * importId); every way out of it either commits or discards that.
 */
export type WizardStep =
  | { kind: 'source' }
  | { kind: 'password'; request: PreviewRequest }
  | { kind: 'preview'; preview: ImportPreview }
  | { kind: 'importing'; count: number }
  | { kind: 'result'; result: ImportResult }

export type SourceMode = 'file' | 'text' | 'clipboard-image' | 'screen'

export interface PreviewCounts {
  new: number
  duplicates: number
  failed: number
}

export function previewCounts(preview: ImportPreview): PreviewCounts {
  const duplicates = preview.items.filter((item) => item.status === 'duplicate').length
  return { new: preview.items.length - duplicates, duplicates, failed: preview.failed.length }
}

/** New entries ticked, duplicates not: importing a second copy of a secret has to be a choice. */
export function defaultSelection(items: readonly ImportPreviewItem[]): Set<number> {
  return new Set(items.filter((item) => item.status === 'new').map((item) => item.position))
}

export function positionsOf(
  items: readonly ImportPreviewItem[],
  status: ImportPreviewItem['status'],
): number[] {
  return items.filter((item) => item.status === status).map((item) => item.position)
}

/** What a duplicate collides with: an account in the vault, or an earlier entry of the same import. */
export function duplicateNote(duplicateOf: NonNullable<ImportPreviewItem['duplicateOf']>): string {
  return !duplicateOf.inVault
    ? `Repeats ${duplicateOf.handle} earlier in this import (${duplicateOf.reason})`
    : `Already in vault as ${duplicateOf.handle} (${duplicateOf.reason})`
}

/** "Imported 37 accounts; 2 duplicates skipped; 1 could not be read." — the parts that happened. */
export function resultSentence(result: ImportResult): string {
  const parts = [`Imported ${plural(result.imported, 'account')}`]
  if (result.duplicates > 0) parts.push(`${plural(result.duplicates, 'duplicate')} skipped`)
  if (result.failed > 0) parts.push(`${result.failed.toLocaleString()} could not be read`)
  return `${parts.join('; ')}.`
}

/** "2.4 kB": enough to tell a person they picked the file they meant. */
export function fileSize(bytes: number): string {
  if (bytes < 1000) return plural(bytes, 'byte')
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`
  return `${(bytes / 1_000_000).toFixed(1)} MB`
}
