import { expect } from 'vitest'
import { isTwofoldError } from '../../../../electron/core/errors.ts'
import { type ErrorCode } from '../../../../shared/domain/errors.ts'

/** The TwofoldError a call threw, checked for its code; fails the test when the call succeeded. */
export async function refusal(work: () => unknown, code: ErrorCode): Promise<Error> {
  try {
    await work()
  } catch (error) {
    expect(isTwofoldError(error, code), `expected a TwofoldError ${code}, got ${String(error)}`).toBe(true)
    return error as Error
  }
  throw new Error(`expected a refusal with ${code}`)
}

/** No secret, in any of the spellings a log would show it, appears in the message. */
export function expectNoSecretIn(message: string, ...secrets: Uint8Array[]): void {
  for (const secret of secrets) {
    const bytes = Buffer.from(secret)
    for (const spelling of [bytes.toString('hex'), bytes.toString('base64'), bytes.toString('base64url')]) {
      expect(message).not.toContain(spelling)
      expect(message).not.toContain(spelling.slice(0, 12))
    }
  }
}
