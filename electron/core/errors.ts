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

/** A TwofoldError as a worker thread answers it: structured cloning keeps the fields, not the class. */
export interface ErrorAnswer {
  ok: false
  code: ErrorCode
  message: string
  field?: string
}

/**
 * What a worker sends back for a failure: a TwofoldError as it was thrown, anything else as the
 * worker's own `fallback` message — a library's message may describe the file's bytes, so it is never
 * passed on.
 */
export function errorAnswer(error: unknown, fallback: string): ErrorAnswer {
  if (!isTwofoldError(error)) return { ok: false, code: 'import-unreadable', message: fallback }
  const { field } = error.extra
  return { ok: false, code: error.code, message: error.message, ...(field === undefined ? {} : { field }) }
}

/** The worker's answer turned back into the error its thread throws. */
export function errorFromAnswer(answer: ErrorAnswer): TwofoldError {
  return new TwofoldError(
    answer.code,
    answer.message,
    answer.field === undefined ? {} : { field: answer.field },
  )
}
