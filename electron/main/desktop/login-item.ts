import { app } from 'electron'
import { setLinuxAutostart } from '../../core/desktop/linux-autostart.ts'

/** Launch at login: the OS login items on macOS and Windows, an XDG autostart entry on Linux. */
export function applyLaunchAtLogin(enabled: boolean): void {
  if (!app.isPackaged) return // A development build must not register itself to start at login.
  if (process.platform === 'linux') {
    setLinuxAutostart(enabled, process.env.APPIMAGE ?? app.getPath('exe'))
  } else {
    app.setLoginItemSettings({ openAtLogin: enabled, args: ['--hidden'] })
  }
}
