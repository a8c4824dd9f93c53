import { TwofoldError } from '../../errors.ts'

/** Base64url without padding, the one way team bytes travel as text (keys, signatures, sealed values). */
export function toBase64url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url')
}

/**
 * Node's own decoder skips characters it does not know and ignores stray bits, so two different texts
 * could give the same bytes; a key or signature read from elsewhere must have exactly one spelling.
 * `what` names the value for the message, which never repeats the text itself (it may be a secret).
 */
export function fromBase64url(text: string, what: string, expectedBytes?: number): Buffer {
  const bytes = /^[A-Za-z0-9_-]*$/.test(text) ? Buffer.from(text, 'base64url') : undefined
  if (bytes === undefined || bytes.toString('base64url') !== text) {
    throw new TwofoldError('invalid-request', `The ${what} is not valid base64url text.`)
  }
  if (expectedBytes !== undefined && bytes.length !== expectedBytes) {
    throw new TwofoldError('invalid-request', `The ${what} should be ${expectedBytes} bytes long.`)
  }
  return bytes
}
