import QRCode from 'qrcode'
import { basename } from 'node:path'
import type { BackupStatus } from '../../../shared/domain/transfer.ts'
import type { AccountQueries } from '../accounts/account-queries.ts'
import type { AccountTransfer } from '../accounts/account-transfer.ts'
import { wipe } from '../crypto/secret-bytes.ts'
import { isTwofoldError, TwofoldError } from '../errors.ts'
import { readImportFile } from '../importers/read-import-file.ts'
import type { AppPreferencesStore } from '../preferences/app-preferences.ts'
import type { AutoBackup } from '../transfer/auto-backup.ts'
import type { BackupFile, BackupService } from '../transfer/backup-service.ts'
import type { HeldFiles } from '../transfer/held-files.ts'
import type { ImportSessions } from '../transfer/import-sessions.ts'
import { ScreenCaptures } from '../transfer/screen-region.ts'
import { requireConfirmation, type ConfirmRequest } from '../vault/seed-release.ts'
import { exportToFile, nothingToExport } from '../transfer/export-file.ts'
import { otpauthLink } from '../transfer/otpauth-list-writer.ts'
import { restoreBackup } from '../transfer/restore-backup.ts'
import type { Vault } from '../vault/vault.ts'
import type { DesktopPort } from './desktop-handlers.ts'
import type { ChannelsUnder, Handlers } from './dispatcher.ts'

type TransferChannels = ChannelsUnder<'import' | 'export' | 'backups'>

export interface TransferParts {
  vault: Vault
  queries: AccountQueries
  transfer: AccountTransfer
  preferences: AppPreferencesStore
  desktop: DesktopPort
  files: HeldFiles
  imports: ImportSessions
  backups: BackupService
  autoBackup: AutoBackup
  /** Why the last automatic backup failed, or null. */
  lastBackupProblem: () => string | null
  now: () => number
}

const DAY_MS = 24 * 60 * 60_000

/** Import, export and backups for the manager window: every file touched is one main chose or listed. */
export function transferHandlers(parts: TransferParts): Pick<Handlers, TransferChannels> {
  const { vault, queries, transfer, desktop, files, imports, backups, autoBackup } = parts

  const status = (): BackupStatus => {
    const folder = autoBackup.folder()
    const list = backups.list(folder)
    // Other vaults sharing the folder do not back this one up: the reminder counts our own only.
    const latest = vault.isUnlocked ? backups.listOwn(folder)[0] : undefined
    const preferences = parts.preferences.read()
    return {
      folder,
      keep: preferences.backupKeep,
      automatic: preferences.autoBackup,
      backups: list.map(backupView),
      reminderDue: vault.isUnlocked && queries.count() > 0 && backups.reminderDue(folder),
      daysSinceLast: latest
        ? Math.max(0, Math.floor((parts.now() - Date.parse(latest.createdAt)) / DAY_MS))
        : null,
      lastProblem: parts.lastBackupProblem(),
    }
  }

  // The chosen file behind each open preview: once the import is done or abandoned, an export full of
  // secrets has no reason to stay in memory.
  const fileOfPreview = new Map<string, string>()
  // Likewise the KeePass key file a preview was opened with.
  const keyFileOfPreview = new Map<string, string>()
  const forgetFileOf = (importId: string) => {
    const fileId = fileOfPreview.get(importId)
    fileOfPreview.delete(importId)
    if (fileId !== undefined) files.forget(fileId)
    const keyFileId = keyFileOfPreview.get(importId)
    keyFileOfPreview.delete(importId)
    if (keyFileId !== undefined) files.forget(keyFileId)
  }
  // The one frozen picture of the screen a region pick works on; a locked app keeps none.
  const captures = new ScreenCaptures(parts.now)
  vault.onStateChanged((state) => {
    if (state.state !== 'unlocked') captures.clear()
  })

  return {
    'import:choose-file': async (request) => {
      vault.requireUnlockedDatabase()
      const path = await desktop.chooseFile(request.purpose)
      return { file: path === null ? null : files.hold(path) }
    },
    'import:preview': async (request) => {
      vault.requireUnlockedDatabase()
      const { source } = request
      const format = request.format ? { format: request.format } : {}
      // The key file stays in main's held files; the reader gets its bytes, the window only its id.
      const keyFile = request.keyFileId === undefined ? {} : { keyFile: files.get(request.keyFileId).bytes }
      const remember = (importId: string) => {
        if (request.keyFileId !== undefined) keyFileOfPreview.set(importId, request.keyFileId)
      }
      switch (source.kind) {
        case 'file': {
          const held = files.get(source.fileId)
          const preview = await imports.preview(
            { name: held.name, blobs: [held.bytes], ...format, ...keyFile },
            request.password,
          )
          fileOfPreview.set(preview.importId, source.fileId)
          remember(preview.importId)
          return preview
        }
        case 'text': {
          const preview = await imports.preview(
            { name: 'Pasted text', blobs: [Buffer.from(source.text, 'utf8')], ...format, ...keyFile },
            request.password,
          )
          remember(preview.importId)
          return preview
        }
        case 'clipboard-image': {
          const image = await desktop.readClipboardImage()
          if (!image || image.length === 0) {
            throw new TwofoldError(
              'import-no-qr-code',
              'The clipboard holds no image. Copy a QR code (or a screenshot of one) and try again.',
            )
          }
          return imports.preview({ name: 'Clipboard image', blobs: [image], format: 'qr-image' }, undefined)
        }
        case 'screen':
          return imports.preview(
            { name: 'Screen', blobs: await desktop.captureScreens(), format: 'qr-image', screen: true },
            undefined,
          )
        case 'screen-region': {
          // Taken out of the held capture whatever the scan finds: one capture, one pick.
          const region = await captures.take(source.captureId, source.region)
          try {
            return await imports.preview(
              { name: 'Screen region', blobs: [region], format: 'qr-image', region: true },
              undefined,
            )
          } finally {
            region.fill(0)
          }
        }
      }
    },
    'import:capture-screen': async () => {
      vault.requireUnlockedDatabase()
      captures.clear()
      return captures.hold(await desktop.captureScreens())
    },
    'import:drop-capture': (request) => {
      captures.drop(request.captureId)
      return {}
    },
    'import:choose-key-file': async () => {
      vault.requireUnlockedDatabase()
      const path = await desktop.chooseFile('key-file')
      if (path === null) return { keyFile: null }
      const held = files.hold(path)
      return { keyFile: { keyFileId: held.fileId, name: held.name } }
    },
    'import:commit': (request) => {
      try {
        return imports.commit(request.importId, request.positions)
      } finally {
        forgetFileOf(request.importId)
      }
    },
    'import:discard': (request) => {
      imports.discard(request.importId)
      if (request.keepFile) {
        fileOfPreview.delete(request.importId)
        keyFileOfPreview.delete(request.importId)
      } else forgetFileOf(request.importId)
      return {}
    },
    'export:file': async (request) => {
      // The export password is whatever the page chose, so the vault password is asked for either way.
      await vault.confirmPasswordIfSet(request.vaultPassword, 'export authenticator keys')
      const clientId = request.clientId
      const clientName =
        clientId === undefined || clientId === null
          ? null
          : (queries.clients().find((client) => client.id === clientId)?.name ?? missingClient())
      const client =
        clientId === undefined || clientId === null ? null : { id: clientId, name: clientName ?? '' }
      const saved = await exportToFile(
        transfer,
        {
          format: request.format,
          client,
          ...(request.format === 'aegis' ? { password: request.password } : {}),
        },
        async (count) => {
          if (count === 0) nothingToExport()
          const file = await desktop.chooseSaveFile(exportFileName(request.format, clientName, parts.now()))
          if (file === null) return null
          await requireConfirmation(
            (question) => desktop.confirm(question),
            exportConfirmation(request.format, count, clientName, file),
          )
          return file
        },
      )
      return { saved }
    },
    'export:qr': async (request) => {
      const entry = await transfer.authenticatorForQr(request.accountId, request.password)
      try {
        const secretQrPng = await QRCode.toDataURL(otpauthLink(entry), {
          errorCorrectionLevel: 'M',
          margin: 2,
          scale: 6,
        })
        transfer.recordExport('QR code shown to move the account to a phone', request.accountId)
        return { secretQrPng, issuer: entry.issuer, accountName: entry.accountName }
      } finally {
        wipe(entry.secret)
      }
    },
    'backups:status': () => status(),
    'backups:now': () =>
      backupView(backups.backupNow(autoBackup.folder(), parts.preferences.read().backupKeep)),
    'backups:choose-folder': async () => {
      const folder = await desktop.chooseFolder(autoBackup.folder())
      if (folder !== null) parts.preferences.update({ backupFolder: folder })
      return status()
    },
    'backups:restore': async (request) => {
      vault.requireUnlockedDatabase()
      const { source } = request
      let bytes: Uint8Array
      if (source.kind === 'file') {
        bytes = files.get(source.fileId).bytes
      } else {
        // Only a name the folder listing returned: a window cannot point main at another path.
        const listed = backups.list(autoBackup.folder()).find((backup) => backup.name === source.name)
        if (!listed)
          throw new TwofoldError('backup-not-found', 'That backup is no longer in the backup folder.')
        bytes = readBackup(listed)
      }
      const result = await restoreBackup(bytes, request.secret, parts.transfer)
      if (source.kind === 'file') files.forget(source.fileId)
      return result
    },
  }
}

function exportConfirmation(
  format: 'aegis' | 'otpauth',
  count: number,
  clientName: string | null,
  file: string,
): ConfirmRequest {
  const keys = `${count} authenticator key${count === 1 ? '' : 's'}${clientName ? ` of ${clientName}` : ''}`
  return format === 'otpauth'
    ? {
        title: 'Export as plain text',
        message: `Export ${keys} as PLAIN TEXT to ${basename(file)}?`,
        detail: 'Anyone who opens this file can make these codes. Import it right away and delete it.',
        confirmLabel: 'Export as plain text',
      }
    : {
        title: 'Export',
        message: `Export ${keys} to ${basename(file)}, encrypted with the export password typed in the window?`,
        detail: 'Anyone with this file and that password can make these codes.',
        confirmLabel: 'Export',
      }
}

function backupView(backup: BackupFile) {
  return { name: backup.name, createdAt: backup.createdAt, bytes: backup.bytes }
}

function missingClient(): never {
  throw new TwofoldError('client-not-found', 'That client is not in the vault.')
}

function readBackup(backup: BackupFile): Uint8Array {
  try {
    return readImportFile(backup.file)
  } catch (error) {
    // Listed a moment ago, gone or unreadable now: say which backup rather than "cannot read".
    if (isTwofoldError(error, 'import-unreadable'))
      throw new TwofoldError('backup-not-found', 'That backup could not be read from the backup folder.')
    throw error
  }
}

export function exportFileName(
  format: 'aegis' | 'otpauth',
  clientName: string | null,
  nowMs: number,
): string {
  const date = new Date(nowMs).toISOString().slice(0, 10)
  const who = clientName
    ? `-${
        clientName
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/^-|-$/g, '') || 'client'
      }`
    : ''
  return format === 'aegis' ? `twofold${who}-aegis-${date}.json` : `twofold${who}-otpauth-${date}.txt`
}
