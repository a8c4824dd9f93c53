import { z } from 'zod'

/**
 * Every error that crosses a process boundary carries one of these codes. The renderer and the CLI
 * switch on the code; people read the message. Messages never contain secrets or stack traces.
 */
export const errorCodes = [
  'invalid-request',
  'unknown-channel',
  'forbidden-sender',
  'vault-absent',
  'vault-exists',
  /** A password change on a vault whose recovery slot predates key rotation: it needs the recovery key once. */
  'recovery-key-required',
  'vault-locked',
  'vault-too-new',
  'vault-corrupt',
  'vault-tampered',
  'creation-expired',
  'recovery-key-mismatch',
  'weak-password',
  'password-required',
  'wrong-password',
  'wrong-recovery-key',
  'throttled',
  'keychain-unavailable',
  'keychain-item-missing',
  'keychain-key-mismatch',
  'slot-missing',
  'last-slot',
  'disk-full',
  'read-only',
  /** Another Twofold process (the app, a `twofold` command) held the vault's write lock past the wait. */
  'vault-busy',
  'internal',
  'invalid-phone',
  'account-not-found',
  'client-not-found',
  'ambiguous-account',
  'no-backup-codes',
  'method-not-allowed',
  'unsupported-otp-type',
  'invalid-otpauth-uri',
  'invalid-secret',
  'invalid-otp-parameters',
  'invalid-code',
  'import-unreadable',
  'import-password-required',
  'import-wrong-password',
  'import-unsupported-format',
  'import-too-large',
  'import-hostile-parameters',
  'import-no-otp',
  'import-no-qr-code',
  /** A preview or chosen file main no longer holds (committed, discarded, locked, or too old). */
  'import-expired',
  'backup-not-found',
  /** File dialogs, the clipboard image and screen capture exist only in the desktop app. */
  'desktop-unavailable',
  /** The person said no in main's own dialog before a secret left: nothing was shown or saved. */
  'confirmation-refused',
  /** The file to write is a symbolic link: Twofold writes no secret through a link. */
  'target-is-symlink',
  /** Undo of a backup-code use: only the last one, once, shortly after, and not across a lock. */
  'undo-unavailable',
  /** Copying a backup code the window was not just shown (only the one "use next" gave can be). */
  'backup-code-not-shown',
  /** The team server could not be reached (or answered with something that is not the team API). */
  'team-offline',
  /** This vault belongs to no team yet, or the account or client is not a team one. */
  'team-not-joined',
  /** The team server refused: this member or device may not do that (or was removed). */
  'team-forbidden',
  /** Someone else's change landed first; sync and try again. */
  'team-conflict',
  /** The server refused the request for another reason it named (a used setup code or invite, a limit). */
  'team-refused',
  /** A certificate, key or join proof did not check out: Twofold would not trust it with a key. */
  'team-untrusted',
  /**
   * A team account's backup codes are handed out one claim at a time, so two people never use the same
   * one: the whole set is never shown, and a claim is never put back.
   */
  'team-codes-one-at-a-time',
] as const

export const errorCodeSchema = z.enum(errorCodes)
export type ErrorCode = z.infer<typeof errorCodeSchema>

export const ipcErrorSchema = z.strictObject({
  code: errorCodeSchema,
  message: z.string(),
  /** Only for `throttled`: how long until the next attempt is accepted. */
  retryAfterMs: z.number().int().nonnegative().optional(),
  /** The input field at fault, when there is one, so a form can point at it. */
  field: z.string().max(100).optional(),
})
export type IpcError = z.infer<typeof ipcErrorSchema>
