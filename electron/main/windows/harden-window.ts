import {
  app,
  session,
  type BrowserWindow,
  type BrowserWindowConstructorOptions,
  type IpcMainInvokeEvent,
  type WebContents,
} from 'electron'

/**
 * The web preferences every Twofold window starts from. A renderer is treated as hostile: no Node,
 * its own JavaScript world, Chromium's sandbox, and nothing it can reach but its preload's functions.
 */
export function hardenedWebPreferences(preload: string): BrowserWindowConstructorOptions['webPreferences'] {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    devTools: !app.isPackaged,
  }
}

/** Blocks navigation away from our page, webviews, new windows and external links. */
export function lockDownContents(contents: WebContents, isOwnPage: (url: string) => boolean): void {
  contents.on('will-navigate', (event, url) => {
    if (!isOwnPage(url)) event.preventDefault()
  })
  contents.on('will-redirect', (event, url) => {
    if (!isOwnPage(url)) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
  // No new windows, and nothing handed to the person's browser either: Twofold has no external
  // links, and an address opened outside would carry whatever a compromised page put in it past the
  // CSP.
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
}

/**
 * Once per app: no window may use the camera, notifications, geolocation or anything else. The one
 * exception is writing (never reading) the clipboard, which the backup-code dialog's Copy button needs.
 */
const WRITE_ONLY_CLIPBOARD = 'clipboard-sanitized-write'

export function denyAllPermissions(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) =>
    callback(permission === WRITE_ONLY_CLIPBOARD),
  )
  session.defaultSession.setPermissionCheckHandler(
    (_contents, permission) => permission === WRITE_ONLY_CLIPBOARD,
  )
  session.defaultSession.setDevicePermissionHandler(() => false)
}

/**
 * True when an IPC call comes from this window's main frame showing our own page — not an iframe, not
 * a page the window was somehow navigated to, not another window.
 */
export function isOwnMainFrame(
  window: BrowserWindow,
  isOwnPage: (url: string) => boolean,
  event: IpcMainInvokeEvent,
): boolean {
  const frame = event.senderFrame
  return (
    !window.isDestroyed() &&
    event.sender === window.webContents &&
    frame !== null &&
    frame === window.webContents.mainFrame &&
    isOwnPage(frame.url)
  )
}
