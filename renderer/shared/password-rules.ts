import type { MIN_PASSWORD_LENGTH as CORE_MIN_PASSWORD_LENGTH } from '../../shared/domain/vault.ts'

/**
 * The core's minimum, restated so the window does not bundle zod (which shared/domain/vault.ts pulls
 * in at runtime). The `satisfies` check fails the typecheck the day the two disagree.
 */
export const MIN_PASSWORD_LENGTH = 10 satisfies typeof CORE_MIN_PASSWORD_LENGTH

export const NEW_PASSWORD_HINT = `At least ${MIN_PASSWORD_LENGTH} characters. A few unrelated words work well.`

/**
 * Checks a new password and its confirmation before anything is sent: the core enforces the length
 * too, but only the window can tell whether the two typed copies agree.
 */
export function newPasswordProblem(password: string, confirmation: string): string | null {
  // Counted in characters, as the core does, so an emoji is one and not two.
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    return `Use a password of at least ${MIN_PASSWORD_LENGTH} characters.`
  }
  if (password !== confirmation) return 'The two passwords do not match. Type them again.'
  return null
}
