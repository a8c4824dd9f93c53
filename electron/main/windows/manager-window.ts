import { BrowserWindow, nativeTheme, type IpcMainInvokeEvent } from 'electron'
import { join } from 'node:path'
import { hardenedWebPreferences, isOwnMainFrame, lockDownContents } from './harden-window.ts'
import { rendererLocation } from './renderer-location.ts'

export interface ManagerWindow {
  window: BrowserWindow
  isTrustedSender(event: IpcMainInvokeEvent): boolean
}

export function createManagerWindow(outDir: string, devServerUrl: string | null): ManagerWindow {
  const location = rendererLocation('manager', devServerUrl)
  const window = new BrowserWindow({
    width: 1100,
    height: 760,
    minWidth: 720,
    minHeight: 520,
    title: 'Twofold',
    show: false,
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#111418' : '#f6f7f9',
    webPreferences: hardenedWebPreferences(join(outDir, 'preload', 'manager.cjs')),
  })
  lockDownContents(window.webContents, location.isOwnPage)
  window.once('ready-to-show', () => window.show())
  void window.loadURL(location.load.url)

  return {
    window,
    isTrustedSender: (event) => isOwnMainFrame(window, location.isOwnPage, event),
  }
}
