import { Menu, nativeImage, nativeTheme, Tray } from 'electron'
import { join } from 'node:path'

export interface TrayActions {
  openPopup(anchor: Electron.Rectangle): void
  openManager(): void
  lock(): void
  quit(): void
}

/**
 * The tray (menu bar) icon and its menu. macOS gets a template image so the system tints it; other
 * platforms get the variant that reads on the current panel colour.
 */
export interface TwofoldTray {
  /** The team's state as one line at the top of the menu (null: not in a team, or locked). */
  setTeamLine(line: string | null): void
}

export function createTray(iconsDir: string, actions: TrayActions): TwofoldTray {
  const tray = new Tray(trayImage(iconsDir))
  tray.setToolTip('Twofold')
  let teamLine: string | null = null
  const buildMenu = () =>
    Menu.buildFromTemplate([
      ...(teamLine ? [{ label: teamLine, enabled: false }, { type: 'separator' as const }] : []),
      { label: 'Quick code…', click: () => actions.openPopup(tray.getBounds()) },
      { label: 'Open Twofold', click: () => actions.openManager() },
      { type: 'separator' },
      { label: 'Lock', click: () => actions.lock() },
      { label: 'Quit Twofold', click: () => actions.quit() },
    ])
  tray.setContextMenu(buildMenu())
  // On Windows and most Linux panels a left click should do the fast thing.
  tray.on('click', () => actions.openPopup(tray.getBounds()))
  nativeTheme.on('updated', () => tray.setImage(trayImage(iconsDir)))
  return {
    setTeamLine(line) {
      if (line === teamLine) return
      teamLine = line
      tray.setContextMenu(buildMenu())
      tray.setToolTip(line ? `Twofold · ${line}` : 'Twofold')
    },
  }
}

function trayImage(iconsDir: string): Electron.NativeImage {
  if (process.platform === 'darwin') {
    const image = nativeImage.createFromPath(join(iconsDir, 'trayTemplate.png'))
    image.setTemplateImage(true)
    return image
  }
  const variant = nativeTheme.shouldUseDarkColors ? 'tray-light.png' : 'tray-dark.png'
  return nativeImage.createFromPath(join(iconsDir, variant))
}
