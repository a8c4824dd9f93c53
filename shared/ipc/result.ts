import { z } from 'zod'
import { ipcErrorSchema, type IpcError } from '../domain/errors.ts'

/** Every IPC call resolves to one of these; it never rejects with a stack trace. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError }

export function ipcResultSchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [
    z.strictObject({ ok: z.literal(true), value }),
    z.strictObject({ ok: z.literal(false), error: ipcErrorSchema }),
  ])
}
