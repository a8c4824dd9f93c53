import { homedir } from 'node:os'
import { join } from 'node:path'

export const APP_FOLDER_NAME = 'Twofold'
export const VAULT_FILE_NAME = 'vault.sqlite3'

/**
 * Where the vault lives when nothing says otherwise: the same per-user folder Electron names
 * `userData` for an app called Twofold, so the app and the CLI find one vault. `TWOFOLD_HOME` wins
 * (tests, portable installs, several vaults side by side).
 */
export function defaultVaultHome(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (env.TWOFOLD_HOME) return env.TWOFOLD_HOME
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_FOLDER_NAME)
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_FOLDER_NAME)
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), APP_FOLDER_NAME)
}

export function vaultFile(home: string): string {
  return join(home, VAULT_FILE_NAME)
}
