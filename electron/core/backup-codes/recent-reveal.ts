import { TwofoldError } from '../errors.ts'

/**
 * How long after "Reveal all" its codes can be copied from main. The window already holds the whole
 * set by then, so copying teaches it nothing; the limit keeps the channel from outliving the dialog a
 * person is reading from.
 */
export const COPY_REVEALED_MS = 5 * 60_000

/**
 * The one account whose whole backup-code set this process last showed, after the vault password and
 * the person's yes in main. Only its codes can be copied by position, only for a while, and a lock
 * forgets it — so the copy channel is never a way to read a code without the password.
 */
export class RecentReveal {
  #last: { accountId: string; at: number } | null = null

  remember(accountId: string, at: number): void {
    this.#last = { accountId, at }
  }

  forget(): void {
    this.#last = null
  }

  assertRevealed(accountId: string, now: number): void {
    const last = this.#last
    const age = last ? now - last.at : -1
    if (!last || last.accountId !== accountId || age < 0 || age > COPY_REVEALED_MS) {
      throw new TwofoldError(
        'backup-code-not-shown',
        'Reveal the backup codes again (with the vault password) to copy one.',
      )
    }
  }
}
