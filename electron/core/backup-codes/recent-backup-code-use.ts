import { TwofoldError } from '../errors.ts'

/**
 * How long after "use next" the code may be put back. The window offers Undo for 10 s; main allows a
 * little more so a slow answer never turns an honest Undo into an error, and no more: a code taken two
 * minutes ago may already be typed into the service, and putting it back would say "unused" of a
 * spent code.
 */
export const UNDO_BACKUP_CODE_USE_MS = 2 * 60_000

export interface BackupCodeUse {
  accountId: string
  codeId: string
  position: number
  at: number
}

/**
 * The one backup code this process handed out last, which is all Undo and "copy the code shown" may
 * touch. Undo used to take any position: "use next" for every code, then undo each, read the whole set
 * without the password "Reveal all" asks for and left it looking unused. Now Undo puts back only this
 * use, once, shortly after it, and never across a lock — so of the codes a window was shown, at most
 * one is ever unused again, and it is the one it was shown last.
 */
export class RecentBackupCodeUse {
  #last: BackupCodeUse | null = null

  remember(use: BackupCodeUse): void {
    this.#last = use
  }

  forget(): void {
    this.#last = null
  }

  /** The last use, for Undo: taken, so a second Undo finds nothing. */
  takeForUndo(accountId: string, now: number): BackupCodeUse {
    const use = this.#last
    const age = use ? now - use.at : -1
    // A clock moved backwards gives a negative age: refused too, rather than an undo window without end.
    if (!use || use.accountId !== accountId || age < 0 || age > UNDO_BACKUP_CODE_USE_MS) {
      throw new TwofoldError(
        'undo-unavailable',
        'Only the backup code just used can be put back, once, within two minutes. This one stays used.',
      )
    }
    this.#last = null
    return use
  }

  /** The last use, for copying the code the window is showing; left in place. */
  shownCode(accountId: string): BackupCodeUse {
    const use = this.#last
    if (!use || use.accountId !== accountId) {
      throw new TwofoldError(
        'backup-code-not-shown',
        'Only the backup code just used can be copied. Use the next code to get one.',
      )
    }
    return use
  }
}
