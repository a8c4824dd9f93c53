import { BrowserWindow, screen, type IpcMainInvokeEvent, type Rectangle } from 'electron'
import { join } from 'node:path'
import { hardenedWebPreferences, isOwnMainFrame, lockDownContents } from './harden-window.ts'
import { rendererLocation } from './renderer-location.ts'

const WIDTH = 380
const HEIGHT = 440

export interface PopupWindow {
  window: BrowserWindow
  /** Shows the popup near the tray icon when we know where it is, else near the cursor. */
  show(anchor?: Rectangle): void
  hide(): void
  isTrustedSender(event: IpcMainInvokeEvent): boolean
}

/**
 * The quick-code popup: frameless, created at start and kept hidden, so the hotkey shows it at once.
 * It hides itself when it loses focus, like a menu.
 */
export function createPopupWindow(
  outDir: string,
  devServerUrl: string | null,
  onShown: () => void,
): PopupWindow {
  const location = rendererLocation('popup', devServerUrl)
  const window = new BrowserWindow({
    width: WIDTH,
    height: HEIGHT,
    show: false,
    frame: false,
    resizable: false,
    movable: false,
    minimizable: false,
    maximizable: false,
    fullscreenable: false,
    skipTaskbar: true,
    alwaysOnTop: true,
    title: 'Twofold quick code',
    webPreferences: hardenedWebPreferences(join(outDir, 'preload', 'popup.cjs')),
  })
  lockDownContents(window.webContents, location.isOwnPage)
  void window.loadURL(location.load.url)
  window.on('blur', () => window.hide())

  return {
    window,
    show(anchor) {
      const { x, y } = placement(anchor)
      window.setBounds({ x, y, width: WIDTH, height: HEIGHT })
      window.show()
      window.focus()
      onShown()
    },
    hide() {
      if (!window.isDestroyed()) window.hide()
    },
    isTrustedSender: (event) => isOwnMainFrame(window, location.isOwnPage, event),
  }
}

/** Below (or above) the tray icon, kept inside the work area of the display it is on. */
function placement(anchor?: Rectangle): { x: number; y: number } {
  const point = anchor
    ? { x: anchor.x + Math.round(anchor.width / 2), y: anchor.y }
    : screen.getCursorScreenPoint()
  const area = screen.getDisplayNearestPoint(point).workArea
  let x = point.x - Math.round(WIDTH / 2)
  let y = anchor
    ? anchor.y > area.y + area.height / 2
      ? anchor.y - HEIGHT - 4
      : anchor.y + anchor.height + 4
    : point.y + 12
  x = Math.min(Math.max(x, area.x + 4), area.x + area.width - WIDTH - 4)
  y = Math.min(Math.max(y, area.y + 4), area.y + area.height - HEIGHT - 4)
  return { x, y }
}
