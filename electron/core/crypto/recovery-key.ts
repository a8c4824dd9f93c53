import { TwofoldError } from '../errors.ts'
import { allocSecret, randomSecret, wipe } from './secret-bytes.ts'

/**
 * A recovery key is 160 random bits written as 32 Base32 characters in eight groups of four
 * (`ABCD-EFGH-…`): long enough that nobody guesses it, short enough to write on paper. Base32 (RFC 4648)
 * has no 0/1/8 so it survives handwriting; parsing ignores case, spaces and dashes.
 */
export const RECOVERY_KEY_BYTES = 20
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
const GROUP = 4

export function generateRecoveryKey(): { bytes: Buffer; text: string } {
  const bytes = randomSecret(RECOVERY_KEY_BYTES)
  return { bytes, text: formatRecoveryKey(bytes) }
}

export function formatRecoveryKey(bytes: Uint8Array): string {
  let bits = 0
  let value = 0
  let out = ''
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31]
  return out.match(new RegExp(`.{1,${GROUP}}`, 'g'))?.join('-') ?? ''
}

export function parseRecoveryKey(text: string): Buffer {
  const clean = text.toUpperCase().replace(/[\s-]/g, '')
  const expectedLength = Math.ceil((RECOVERY_KEY_BYTES * 8) / 5)
  if (clean.length !== expectedLength || /[^A-Z2-7]/.test(clean)) {
    throw new TwofoldError(
      'wrong-recovery-key',
      `That is not a recovery key: it has ${expectedLength} letters and digits 2–7, in groups of four.`,
    )
  }
  const bytes = allocSecret(RECOVERY_KEY_BYTES)
  let bits = 0
  let value = 0
  let index = 0
  for (const char of clean) {
    value = ((value << 5) | ALPHABET.indexOf(char)) & 0xffff
    bits += 5
    if (bits >= 8) {
      bytes[index++] = (value >>> (bits - 8)) & 0xff
      bits -= 8
    }
  }
  return bytes
}

export function recoveryKeysMatch(a: string, b: string): boolean {
  let left: Buffer | undefined
  let right: Buffer | undefined
  try {
    left = parseRecoveryKey(a)
    right = parseRecoveryKey(b)
    return left.equals(right)
  } catch {
    return false
  } finally {
    wipe(left, right)
  }
}
