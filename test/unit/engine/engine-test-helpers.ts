import { createHmac } from 'node:crypto'
import { expect } from 'vitest'
import { TwofoldError } from '../../../electron/core/errors.ts'
import type { ErrorCode } from '../../../shared/domain/errors.ts'

/** Runs `action`, insists it throws a TwofoldError with this code and field, and returns it for more checks. */
export function expectTwofoldError(action: () => unknown, code: ErrorCode, field?: string): TwofoldError {
  let thrown: unknown
  try {
    action()
  } catch (error) {
    thrown = error
  }
  expect(thrown, 'expected a TwofoldError').toBeInstanceOf(TwofoldError)
  const error = thrown as TwofoldError
  expect({ code: error.code, field: error.extra.field }).toEqual({ code, field })
  return error
}

/**
 * RFC 4226 §5.3 written out with node:crypto alone, so tests compare the engine (otplib underneath)
 * with an independent computation rather than with its own earlier output.
 */
export function referenceTruncatedValue(
  key: Uint8Array,
  counter: number,
  hash: 'sha1' | 'sha256' | 'sha512' = 'sha1',
): number {
  const message = Buffer.alloc(8)
  message.writeBigUInt64BE(BigInt(counter))
  const mac = createHmac(hash, key).update(message).digest()
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f
  return mac.readUInt32BE(offset) & 0x7fffffff
}

export function referenceDecimalCode(value: number, digits: number): string {
  return String(value % 10 ** digits).padStart(digits, '0')
}
