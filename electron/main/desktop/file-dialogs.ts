import { app, BrowserWindow, dialog } from 'electron'
import { join } from 'node:path'

// The OS dialogs behind import, export and backups. Main opens them itself, so a window can never
// name a path for main to read or write: it only gets back what the person picked.

const IMPORT_FILTERS: Electron.FileFilter[] = [
  {
    name: 'Authenticator exports and QR images',
    extensions: ['json', '2fas', 'txt', 'csv', 'png', 'jpg', 'jpeg', 'aes', 'bin', 'authpro'],
  },
  { name: 'All files', extensions: ['*'] },
]

function parent(): BrowserWindow | undefined {
  return BrowserWindow.getFocusedWindow() ?? undefined
}

const TITLES = {
  import: 'Import accounts',
  restore: 'Restore from a backup',
  'key-file': 'Choose the KeePass key file',
} as const

const FILTERS: Record<keyof typeof TITLES, Electron.FileFilter[]> = {
  import: IMPORT_FILTERS,
  restore: [
    { name: 'Twofold backups', extensions: ['json'] },
    { name: 'All files', extensions: ['*'] },
  ],
  // KeePass accepts any file as a key file; .keyx and .key are what KeePass and KeePassXC make.
  'key-file': [
    { name: 'KeePass key files', extensions: ['keyx', 'key'] },
    { name: 'All files', extensions: ['*'] },
  ],
}

/** `key-file`: read by main and kept beside the database being imported; the window gets its name. */
export async function chooseFile(purpose: 'import' | 'restore' | 'key-file'): Promise<string | null> {
  const options: Electron.OpenDialogOptions = {
    title: TITLES[purpose],
    properties: ['openFile'],
    filters: FILTERS[purpose],
  }
  const window = parent()
  const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options)
  return result.canceled ? null : (result.filePaths[0] ?? null)
}

export async function chooseSaveFile(defaultName: string): Promise<string | null> {
  const options: Electron.SaveDialogOptions = {
    title: 'Export',
    defaultPath: join(app.getPath('documents'), defaultName),
    properties: ['showOverwriteConfirmation', 'createDirectory'],
  }
  const window = parent()
  const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options)
  return result.canceled || !result.filePath ? null : result.filePath
}

export async function chooseFolder(current: string): Promise<string | null> {
  const options: Electron.OpenDialogOptions = {
    title: 'Backup folder',
    defaultPath: current,
    properties: ['openDirectory', 'createDirectory'],
  }
  const window = parent()
  const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options)
  return result.canceled ? null : (result.filePaths[0] ?? null)
}
