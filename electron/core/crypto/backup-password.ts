/**
 * The text a recovery key becomes when it opens a backup: upper case, no dashes or spaces. A person
 * restoring may type it any way, and Aegis (which takes the slot as a plain password) gets the same
 * text whatever grouping the paper shows.
 */
export function backupPasswordFor(recoveryKeyText: string): string {
  return recoveryKeyText.toUpperCase().replace(/[\s-]/g, '')
}

/** A typed secret that has the shape of a recovery key is normalised as one; a password is left as is. */
export function normaliseBackupSecret(typed: string): string {
  const compact = backupPasswordFor(typed)
  return /^[A-Z2-7]{32}$/.test(compact) ? compact : typed
}
