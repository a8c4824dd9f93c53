import { MIN_PASSWORD_LENGTH } from '../../../shared/domain/vault.ts'
import { TwofoldError } from '../errors.ts'

export function assertStrongPassword(password: string): void {
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    throw new TwofoldError('weak-password', `Use a password of at least ${MIN_PASSWORD_LENGTH} characters.`)
  }
}
