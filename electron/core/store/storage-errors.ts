import { TwofoldError } from '../errors.ts'

/**
 * Turns what SQLite and the file system say about a full or read-only disk into words a person can act
 * on. Anything else passes through untouched.
 */
export function toStorageError(error: unknown, location: string): unknown {
  if (error instanceof TwofoldError) return error
  const code = (error as { code?: unknown } | null)?.code
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') {
    return new TwofoldError(
      'disk-full',
      `The disk holding the vault (${location}) is full. Nothing was changed; free some space and try again.`,
    )
  }
  if (
    typeof code === 'string' &&
    (code.startsWith('SQLITE_READONLY') || code === 'EROFS' || code === 'EACCES' || code === 'EPERM')
  ) {
    return new TwofoldError(
      'read-only',
      `Twofold cannot write to the vault folder (${location}): it is read-only or not yours. Nothing was changed.`,
    )
  }
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') {
    return new TwofoldError(
      'vault-corrupt',
      `The vault file in ${location} is damaged or is not a Twofold vault.`,
    )
  }
  return error
}

export function withStorageErrors<T>(location: string, work: () => T): T {
  try {
    return work()
  } catch (error) {
    throw toStorageError(error, location)
  }
}
