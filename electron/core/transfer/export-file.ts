import { basename } from 'node:path'
import {
  EXPORT_PASSWORD_RULE,
  isStrongExportPassword,
  type ExportFormat,
} from '../../../shared/domain/transfer.ts'
import type { AccountTransfer } from '../accounts/account-transfer.ts'
import { wipe } from '../crypto/secret-bytes.ts'
import { TwofoldError } from '../errors.ts'
import { writeFileAtomically } from '../files/write-file-atomically.ts'
import { exportAegisWithPassword } from './aegis-vault-writer.ts'
import { otpauthList } from './otpauth-list-writer.ts'

export interface ExportRequest {
  format: ExportFormat
  /** Only this client's accounts, or every account when null. */
  client: { id: string; name: string } | null
  /** The Aegis file's own password; an otpauth list has none. */
  password?: string
}

export interface ExportWritten {
  file: string
  exported: number
}

/**
 * Where the export goes, once the number of keys is known: the app asks in its save dialog and has the
 * person confirm, the CLI names the file it was given. Null writes nothing and records nothing.
 */
export type ChooseExportTarget = (count: number) => Promise<string | null> | string | null

/**
 * The one export, for the app and the CLI alike: the same password rule, the same formats, the same
 * atomic owner-only write (never through a link) and the same audit entry, so neither side can drift.
 * Every secret read for it is wiped whatever happens.
 */
export async function exportToFile(
  transfer: Pick<AccountTransfer, 'exportEntries' | 'recordExport'>,
  request: ExportRequest,
  chooseTarget: ChooseExportTarget,
): Promise<ExportWritten | null> {
  if (request.format === 'aegis') assertExportPassword(request.password)
  const { entries } = transfer.exportEntries(request.client ? { clientId: request.client.id } : {})
  try {
    const file = await chooseTarget(entries.length)
    if (file === null) return null
    const content =
      request.format === 'aegis'
        ? await exportAegisWithPassword(entries, request.password ?? '')
        : otpauthList(entries)
    writeFileAtomically(file, content)
    transfer.recordExport(
      exportAuditDetail(request.format, entries.length, request.client?.name ?? null, file),
    )
    return { file, exported: entries.length }
  } finally {
    for (const entry of entries) wipe(entry.secret)
  }
}

/** The app refuses an export with no keys before its save dialog; the CLI writes the empty file. */
export function nothingToExport(): never {
  throw new TwofoldError(
    'invalid-request',
    'There are no authenticator keys to export here: accounts with SMS or backup codes only have none.',
  )
}

/** What the audit log says of an export: which kind (plain text stands out), how many, whose, where. */
export function exportAuditDetail(
  format: ExportFormat,
  count: number,
  clientName: string | null,
  file: string,
): string {
  const kind = format === 'aegis' ? 'encrypted Aegis' : 'plain otpauth'
  return `${kind} export of ${count} accounts${clientName ? ` (${clientName})` : ''} to ${basename(file)}`
}

function assertExportPassword(password: string | undefined): void {
  // The IPC contract refuses a short one before it gets here; the CLI's arrives unchecked on stdin.
  if (password === undefined || !isStrongExportPassword(password))
    throw new TwofoldError('weak-password', EXPORT_PASSWORD_RULE)
}
