import { TwofoldError } from '../errors.ts'

// One constructor per import error code, so every reader words the same situation the same way.
// Messages name the file's kind and the problem; they never quote the file, a secret or a password.

export function unreadable(message: string): TwofoldError {
  return new TwofoldError('import-unreadable', message)
}

export function passwordRequired(kind: string): TwofoldError {
  return new TwofoldError('import-password-required', `This ${kind} is encrypted: enter its password.`, {
    field: 'password',
  })
}

export function wrongPassword(kind: string, orDamaged = false): TwofoldError {
  // Some formats carry no password check of their own: a failed decryption then cannot tell a wrong
  // password from a damaged file, and the message says both rather than guess.
  const message = orDamaged
    ? `The password is wrong, or this ${kind} is damaged.`
    : `The password is wrong for this ${kind}.`
  return new TwofoldError('import-wrong-password', message, { field: 'password' })
}

export function unsupportedFormat(message: string): TwofoldError {
  return new TwofoldError('import-unsupported-format', message)
}

export function tooLarge(message: string): TwofoldError {
  return new TwofoldError('import-too-large', message)
}

export function hostileParameters(kind: string): TwofoldError {
  return new TwofoldError(
    'import-hostile-parameters',
    `This ${kind} asks for key-derivation settings outside safe limits, so it was not opened.`,
  )
}

export function noOtp(message: string): TwofoldError {
  return new TwofoldError('import-no-otp', message)
}
