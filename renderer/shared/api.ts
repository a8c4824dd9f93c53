import type { ErrorCode, IpcError } from '../../shared/domain/errors.ts'
import type { ManagerApi } from '../../shared/ipc/manager-api.ts'
import type { IpcResult } from '../../shared/ipc/result.ts'

declare global {
  interface Window {
    /** Put there by the preload (in end-to-end tests, by the harness's thin client); nothing else. */
    readonly twofold?: ManagerApi
  }
}

/** A failed call, carrying the words the core chose for people and, when throttled, the wait. */
export class ApiError extends Error {
  readonly code: ErrorCode
  readonly retryAfterMs: number
  /** The request field at fault, when the core named one, so a form can point at it. */
  readonly field: string | undefined

  constructor(error: IpcError) {
    super(error.message)
    this.name = 'ApiError'
    this.code = error.code
    this.retryAfterMs = error.retryAfterMs ?? 0
    this.field = error.field
  }
}

export function managerApi(): ManagerApi {
  const api = window.twofold
  if (!api) {
    // Only a broken build or a page opened outside Twofold gets here; say so rather than crash.
    throw new ApiError({
      code: 'internal',
      message: 'This window is not connected to Twofold. Close it and open Twofold again.',
    })
  }
  return api
}

/** Turns a result into its value, or throws an ApiError so TanStack Query sees a failure. */
export async function unwrap<T>(pending: Promise<IpcResult<T>>): Promise<T> {
  let result: IpcResult<T>
  try {
    result = await pending
  } catch {
    throw new ApiError({ code: 'internal', message: 'Twofold did not answer. Try again in a moment.' })
  }
  if (result.ok) return result.value
  throw new ApiError(result.error)
}

/** What a person reads for any failure: the core's message, never a stack. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message
  return 'Something went wrong. Try again in a moment.'
}
