import type { ErrorCode, IpcError } from '../../shared/domain/errors.ts'

/**
 * The one error type the core throws on purpose. Its message is written for a person and must never
 * contain a secret (a key, a password, a seed, a code): it crosses IPC and lands in CLI output.
 */
export class TwofoldError extends Error {
  override readonly name = 'TwofoldError'
  readonly code: ErrorCode
  readonly extra: { retryAfterMs?: number; field?: string }

  constructor(code: ErrorCode, message: string, extra: { retryAfterMs?: number; field?: string } = {}) {
    super(message)
    this.code = code
    this.extra = extra
  }

  toIpcError(): IpcError {
    return {
      code: this.code,
      message: this.message,
      ...(this.extra.retryAfterMs === undefined ? {} : { retryAfterMs: this.extra.retryAfterMs }),
      ...(this.extra.field === undefined ? {} : { field: this.extra.field }),
    }
  }
}

export function isTwofoldError(error: unknown, code?: ErrorCode): error is TwofoldError {
  return error instanceof TwofoldError && (code === undefined || error.code === code)
}
