import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'

/**
 * Launch at login on Linux: an XDG autostart entry (the freedesktop way every desktop honours).
 * macOS and Windows use the OS login items through Electron instead.
 */
export function autostartFile(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'autostart', 'twofold.desktop')
}

export function setLinuxAutostart(
  enabled: boolean,
  executable: string,
  file: string = autostartFile(),
): void {
  if (!enabled) {
    rmSync(file, { force: true })
    return
  }
  mkdirSync(join(file, '..'), { recursive: true })
  writeFileSync(
    file,
    [
      '[Desktop Entry]',
      'Type=Application',
      'Name=Twofold',
      'Comment=2FA codes for many accounts',
      // Quoted per the Desktop Entry spec, so a path with spaces still launches; start hidden in the tray.
      `Exec="${executable.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}" --hidden`,
      'Terminal=false',
      'X-GNOME-Autostart-enabled=true',
      '',
    ].join('\n'),
    { mode: 0o644 },
  )
}

export function linuxAutostartEnabled(file: string = autostartFile()): boolean {
  return existsSync(file)
}
