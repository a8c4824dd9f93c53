import { app, BrowserWindow, clipboard } from 'electron'
import { join } from 'node:path'
import { createBackend } from '../core/app-backend.ts'
import { OsKeychain } from '../core/vault/os-keychain.ts'
import { APP_FOLDER_NAME } from '../core/vault/vault-home.ts'
import { bindDispatcher, forwardEvent } from './ipc/bind-dispatcher.ts'
import { denyAllPermissions } from './windows/harden-window.ts'
import { createManagerWindow, type ManagerWindow } from './windows/manager-window.ts'

// One name everywhere, so the vault folder is the same whether the app runs packaged or from source.
app.setName(APP_FOLDER_NAME)
if (process.env.TWOFOLD_HOME) app.setPath('userData', process.env.TWOFOLD_HOME)

// A second copy of the app would open the same vault file twice; focus the first one instead.
if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  void start()
}

async function start(): Promise<void> {
  await app.whenReady()
  denyAllPermissions()

  const outDir = join(app.getAppPath(), 'out')
  const backend = createBackend({
    home: app.getPath('userData'),
    keychain: new OsKeychain(process.env.TWOFOLD_KEYCHAIN_SERVICE || undefined),
    clipboard: { writeText: (text) => clipboard.writeText(text), readText: () => clipboard.readText() },
    reportUnexpected: (channel, error) => {
      // Name and code only: an error's text can quote data, and data can be secret.
      const name = error instanceof Error ? error.name : typeof error
      const code = (error as { code?: unknown } | null)?.code
      console.error(
        `[twofold] unexpected failure on ${channel}: ${name}${typeof code === 'string' ? ` (${code})` : ''}`,
      )
    },
  })

  let manager: ManagerWindow | null = null
  const openManager = () => {
    if (manager && !manager.window.isDestroyed()) {
      if (manager.window.isMinimized()) manager.window.restore()
      manager.window.focus()
      return
    }
    manager = createManagerWindow(outDir)
  }

  bindDispatcher(backend, {
    isTrustedSender: (event) => manager?.isTrustedSender(event) ?? false,
  })
  backend.subscribe('vault:state-changed', (status) =>
    forwardEvent(
      () => BrowserWindow.getAllWindows().map((window) => window.webContents),
      'vault:state-changed',
      status,
    ),
  )

  app.on('second-instance', openManager)
  app.on('activate', openManager)
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('before-quit', () => backend.close())

  openManager()
}
