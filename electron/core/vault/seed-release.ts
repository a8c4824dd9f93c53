import { TwofoldError } from '../errors.ts'

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
 * The person's yes, asked in main. Shown for every vault, with a password or without: the password is
 * typed into the window, so a compromised page that once saw it could replay it — only main's dialog
 * proves someone at this computer wants this secret out now.
 */
export async function requireConfirmation(confirm: ConfirmInMain, request: ConfirmRequest): Promise<void> {
  if (await confirm(request)) return
  throw new TwofoldError('confirmation-refused', 'Cancelled: nothing was shown or saved.')
}
