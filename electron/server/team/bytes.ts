import { fromBase64url } from '../../core/team/crypto/base64url.ts'
import { isTwofoldError } from '../../core/errors.ts'
import { teamError } from './team-error.ts'

/**
 * Bytes from a request's base64url text. The contract's schema has checked the alphabet and length;
 * this also refuses a second spelling of the same bytes, with the crypto's strict decoder.
 */
export function bytesOf(text: string, what: string, expectedBytes?: number): Buffer {
  try {
    return fromBase64url(text, what, expectedBytes)
  } catch (error) {
    if (isTwofoldError(error)) throw teamError('invalid-request', error.message)
    throw error
  }
}

/** PostgreSQL's unique-key violation: an id the desktop chose is taken. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505'
}
