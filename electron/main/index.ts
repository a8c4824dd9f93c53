import { app, BrowserWindow, dialog } from 'electron'
import { join } from 'node:path'
import { managerApiChannels } from '../../shared/ipc/manager-api.ts'
import { popupApiChannels } from '../../shared/ipc/popup-api.ts'
import type { Channel } from '../../shared/ipc/contract.ts'
import { createBackend, type Backend } from '../core/app-backend.ts'
import { isTwofoldError } from '../core/errors.ts'
import { followTeam } from '../core/team/team-follow.ts'
import { ClipboardGuard } from '../core/clipboard/clipboard-guard.ts'
import { OsKeychain } from '../core/vault/os-keychain.ts'
import { APP_FOLDER_NAME } from '../core/vault/vault-home.ts'
import { AppLock } from './desktop/app-lock.ts'
import { registerHotkey } from './desktop/global-hotkey.ts'
import { confirmInMain } from './desktop/confirm-dialog.ts'
import { concealedClipboard } from './desktop/concealed-clipboard.ts'
import { chooseFile, chooseFolder, chooseSaveFile } from './desktop/file-dialogs.ts'
import { applyLaunchAtLogin } from './desktop/login-item.ts'
import { captureScreens, readClipboardImage } from './desktop/screen-images.ts'
import { showInboxOnDesktop } from './desktop/inbox-desktop.ts'
import { showTeamOnDesktop } from './desktop/team-desktop.ts'
import { createTray } from './desktop/tray-menu.ts'
import { launchPolicy } from './launch/launch-policy.ts'
import { bindDispatcher, forwardEvent } from './ipc/bind-dispatcher.ts'
import { denyAllPermissions } from './windows/harden-window.ts'
import { createManagerWindow, type ManagerWindow } from './windows/manager-window.ts'
import { createPopupWindow, type PopupWindow } from './windows/popup-window.ts'
import { registerAppScheme, serveAppProtocol } from './windows/serve-app-protocol.ts'

// Decided before anything opens: a packaged app ignores development variables and refuses
// debugging switches (electron/main/launch/launch-policy.ts).
const launch = launchPolicy({
  isPackaged: app.isPackaged,
  argv: process.argv,
  env: process.env,
  cwd: process.cwd(),
})

registerAppScheme()

// One name everywhere, so the vault folder is the same whether the app runs packaged or from source.
app.setName(APP_FOLDER_NAME)
if (launch.home) app.setPath('userData', launch.home)

if (launch.refusal) {
  console.error(launch.refusal)
  app.exit(1)
} else if (!app.requestSingleInstanceLock()) {
  // A second copy of the app would open the same vault file twice; the first one is focused instead.
  app.quit()
} else {
  void start()
}

const managerChannels: ReadonlySet<Channel> = new Set(Object.values(managerApiChannels))
const popupChannels: ReadonlySet<Channel> = new Set(Object.values(popupApiChannels))

async function start(): Promise<void> {
  await app.whenReady()
  denyAllPermissions()

  const outDir = join(app.getAppPath(), 'out')
  serveAppProtocol(join(outDir, 'renderer'))
  const home = app.getPath('userData')
  let popup: PopupWindow | null = null
  let manager: ManagerWindow | null = null
  let hotkey: string | null = null
  let hotkeyProblem: string | null = null

  const clipboardGuard = new ClipboardGuard(concealedClipboard(), { clearAfterSeconds: 30 })
  let backend: Backend
  try {
    backend = createBackend({
      home,
      keychain: new OsKeychain(launch.keychainService ?? undefined),
      clipboard: clipboardGuard,
      desktop: {
        problems: () => ({ hotkeyProblem, screenLockProblems: appLock.problems() }),
        hidePopup: () => popup?.hide(),
        chooseFile,
        chooseSaveFile,
        chooseFolder,
        readClipboardImage,
        captureScreens,
        confirm: confirmInMain,
      },
      reportUnexpected: (channel, error) => {
        // Name and code only: an error's text can quote data, and data can be secret.
        const name = error instanceof Error ? error.name : typeof error
        const code = (error as { code?: unknown } | null)?.code
        console.error(
          `[twofold] unexpected failure on ${channel}: ${name}${typeof code === 'string' ? ` (${code})` : ''}`,
        )
      },
    })
  } catch (error) {
    // A read-only or full vault folder, a damaged or too-new vault file: say so in words and stop,
    // rather than leaving a tray icon in front of nothing.
    dialog.showErrorBox(
      'Twofold cannot open its vault',
      isTwofoldError(error) ? error.message : `The vault folder (${home}) could not be opened.`,
    )
    app.quit()
    return
  }

  const lockVault = () => {
    void backend.vault.lock()
  }
  const appLock = new AppLock(backend.preferences.read(), () => backend.vault.isUnlocked, lockVault)

  const openManager = () => {
    if (manager && !manager.window.isDestroyed()) {
      if (manager.window.isMinimized()) manager.window.restore()
      manager.window.show()
      manager.window.focus()
      return
    }
    manager = createManagerWindow(outDir, launch.devServerUrl)
    manager.window.setContentProtection(backend.preferences.read().contentProtection)
  }
  const openPopup = (anchor?: Electron.Rectangle) => popup?.show(anchor)
  // A new-code notification's click: the manager on its Inbox view. A window opened for it hears the
  // request once its page has loaded (and shows it after an unlock, if the vault is locked).
  const openInbox = () => {
    const opening = !manager || manager.window.isDestroyed()
    openManager()
    if (opening && manager) manager.window.webContents.once('did-finish-load', () => backend.inboxOpened())
    else backend.inboxOpened()
  }

  const applyPreferences = () => {
    const preferences = backend.preferences.read()
    clipboardGuard.setClearAfter(preferences.clipboardClearSeconds)
    appLock.apply(preferences)
    const result = registerHotkey(hotkey, preferences.hotkey, () => openPopup())
    hotkey = result.registered
    hotkeyProblem = result.problem
    for (const window of BrowserWindow.getAllWindows())
      window.setContentProtection(preferences.contentProtection)
    applyLaunchAtLogin(preferences.launchAtLogin)
  }

  bindDispatcher(backend, {
    allowedChannels: (event) => {
      if (manager?.isTrustedSender(event)) return managerChannels
      if (popup?.isTrustedSender(event)) return popupChannels
      return null
    },
  })
  const everyWindow = () => BrowserWindow.getAllWindows().map((window) => window.webContents)
  backend.subscribe('vault:state-changed', (status) => {
    forwardEvent(everyWindow, 'vault:state-changed', status)
    // Codes copied before a lock must not outlive it.
    if (status.state !== 'unlocked') void clipboardGuard.clearIfOurs()
  })
  // A joined vault follows its team while unlocked (also one joined by the CLI meanwhile), pushes its
  // edits within seconds, and stops at lock. Starting returns at once, so no window waits.
  const stopFollowing = followTeam(backend, {
    report: (code) => console.error(`[twofold] team live sync did not start (${code})`),
  })
  backend.subscribe('preferences:changed', (view) => forwardEvent(everyWindow, 'preferences:changed', view))
  // Whoever wrote (this app, the CLI on the same vault), every window refetches what it shows.
  backend.subscribe('vault:changed', (changes) => forwardEvent(everyWindow, 'vault:changed', changes))
  backend.subscribe('inbox:changed', () => forwardEvent(everyWindow, 'inbox:changed', {}))
  backend.subscribe('inbox:open', () => {
    const target = manager
    if (target && !target.window.isDestroyed())
      forwardEvent(() => [target.window.webContents], 'inbox:open', {})
  })
  backend.subscribe('popup:shown', () => {
    const target = popup
    if (target) forwardEvent(() => [target.window.webContents], 'popup:shown', {})
  })
  backend.subscribe('preferences:changed', applyPreferences)

  popup = createPopupWindow(outDir, launch.devServerUrl, () => backend.popupShown())
  // Packaged, the icons ship as extra resources (electron-builder.yml); from source they sit in build/.
  const iconsDir = app.isPackaged
    ? join(process.resourcesPath, 'icons')
    : join(app.getAppPath(), 'build', 'icons')
  const tray = createTray(iconsDir, {
    openPopup,
    openManager,
    lock: lockVault,
    quit: () => app.quit(),
  })
  const stopTeamOnDesktop = showTeamOnDesktop(backend, tray)
  const stopInboxOnDesktop = showInboxOnDesktop(backend, openInbox)
  applyPreferences()
  await appLock.start()

  app.on('second-instance', openManager)
  app.on('activate', openManager)
  // The tray keeps Twofold running with no window open; quitting is explicit.
  app.on('window-all-closed', () => undefined)
  let quitting = false
  app.on('before-quit', (event) => {
    if (quitting) return
    event.preventDefault()
    quitting = true
    appLock.stop()
    stopFollowing()
    stopTeamOnDesktop()
    stopInboxOnDesktop()
    // A sync in flight gets a moment to finish its write; a slow server does not hold the quit.
    const liveStopped = Promise.race([
      backend.team.stopLive(),
      new Promise((resolve) => setTimeout(resolve, 2_000)),
    ])
    void Promise.allSettled([clipboardGuard.clearIfOurs(), liveStopped]).finally(() => {
      backend.close()
      app.quit()
    })
  })

  if (!process.argv.includes('--hidden')) openManager()
}
