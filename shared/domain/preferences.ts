import { z } from 'zod'

/** Ctrl on Windows and Linux, Cmd on macOS; the digit sits under the fingers next to "1". */
export const DEFAULT_HOTKEY = 'CommandOrControl+Shift+2'

/** App behaviour on this computer. Plain settings, readable before the vault is unlocked. */
export const appPreferencesSchema = z.strictObject({
  /** An Electron accelerator, e.g. CommandOrControl+Shift+2; empty turns the hotkey off. */
  hotkey: z.string().max(60),
  /** Copied codes are cleared after this many seconds if still on the clipboard; 0 = never. */
  clipboardClearSeconds: z.number().int().min(0).max(3600),
  /** Lock after this many minutes without input; 0 = never. */
  idleLockMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60),
  lockOnSuspend: z.boolean(),
  lockOnScreenLock: z.boolean(),
  launchAtLogin: z.boolean(),
  /** Hide windows from screen capture and screen sharing (off only for demos). */
  contentProtection: z.boolean(),
  /** Write an encrypted backup after changes. */
  autoBackup: z.boolean(),
  /** Where backups go; null = a `backups` folder beside the vault. */
  backupFolder: z.string().max(4096).nullable(),
  /** How many backups to keep. */
  backupKeep: z.number().int().min(1).max(1000),
  /**
   * A desktop notification when a code reaches the inbox for an account this person holds. It names
   * the account, never the code: notifications show on a locked screen.
   */
  inboxNotifications: z.boolean(),
})
export type AppPreferences = z.infer<typeof appPreferencesSchema>

export const defaultAppPreferences: AppPreferences = {
  hotkey: DEFAULT_HOTKEY,
  clipboardClearSeconds: 30,
  idleLockMinutes: 5,
  lockOnSuspend: true,
  lockOnScreenLock: true,
  launchAtLogin: false,
  contentProtection: true,
  autoBackup: true,
  backupFolder: null,
  backupKeep: 10,
  inboxNotifications: true,
}
