import { z } from 'zod'

/** Passwords shorter than this are refused: they would fall to an offline guess against the slot. */
export const MIN_PASSWORD_LENGTH = 10
/** Bounds every free-text field that crosses IPC, so a hostile payload cannot balloon memory. */
export const MAX_PASSWORD_LENGTH = 1024

export const vaultStateSchema = z.enum(['absent', 'locked', 'unlocked'])
export type VaultState = z.infer<typeof vaultStateSchema>

export const keychainStateSchema = z.enum(['available', 'unavailable'])
export type KeychainState = z.infer<typeof keychainStateSchema>

/** What a window may know about the vault: never a key, a slot's contents or a secret. */
export const vaultStatusSchema = z.strictObject({
  state: vaultStateSchema,
  /** Folder that holds the vault file; shown so people know what to back up. */
  location: z.string(),
  keychain: keychainStateSchema,
  slots: z.strictObject({
    keychain: z.boolean(),
    password: z.boolean(),
    recovery: z.boolean(),
  }),
  /** Milliseconds until another unlock attempt is accepted; 0 when there is no wait. */
  retryAfterMs: z.number().int().nonnegative(),
  failedAttempts: z.number().int().nonnegative(),
  /**
   * The vault has a password now, but the system keychain still holds its former key: removing it
   * failed and is retried at each unlock. Shown so nobody believes the old key is gone when it is not.
   */
  keychainCleanupPending: z.boolean().optional(),
})
export type VaultStatus = z.infer<typeof vaultStatusSchema>
