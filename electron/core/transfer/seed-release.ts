import { TwofoldError } from '../errors.ts'
import type { Vault } from '../vault/vault.ts'

/**
 * A question main asks the person in its own native dialog before a secret leaves the vault. The
 * window never sees this dialog and cannot answer it, so a compromised page can ask but not approve.
 */
export interface ConfirmRequest {
  title: string
  /** Names exactly what leaves and where: "Show the QR code of acme.bakery (Instagram)?" */
  message: string
  detail: string
  /** The button that lets the secret go; the other one, and the default, is Cancel. */
  confirmLabel: string
}

/** Resolves true only when the person approved in main's own dialog (or the OS's user presence). */
export type ConfirmInMain = (request: ConfirmRequest) => Promise<boolean>

/**
 * Where nothing can ask the person (the CLI, a headless backend): refuse, because a seed must never
 * leave without a person having said yes somewhere the window cannot reach. The CLI has its own flags.
 */
export const cannotConfirm: ConfirmInMain = () =>
  Promise.reject(
    new TwofoldError(
      'desktop-unavailable',
      'This needs the Twofold desktop app to ask you before a secret is shown or saved.',
    ),
  )

/**
 * The vault password again, when the vault has one: a page cannot produce it without the person.
 * Checked before any dialog opens, so a wrong password fails without bothering anyone.
 */
export async function requireVaultPassword(
  vault: Vault,
  password: string | undefined,
  toDoWhat: string,
): Promise<void> {
  const status = await vault.status()
  if (!status.slots.password) return
  if (password === undefined)
    throw new TwofoldError('wrong-password', `Enter the vault password to ${toDoWhat}.`, {
      field: 'password',
    })
  await vault.confirmPassword(password)
}

/**
 * The person's yes, asked in main. Shown for every vault, with a password or without: the password is
 * typed into the window, so a compromised page that once saw it could replay it — only main's dialog
 * proves someone at this computer wants this secret out now.
 */
export async function requireConfirmation(confirm: ConfirmInMain, request: ConfirmRequest): Promise<void> {
  if (await confirm(request)) return
  throw new TwofoldError('confirmation-refused', 'Cancelled: nothing was shown or saved.')
}
