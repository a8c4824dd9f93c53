/**
 * Turns a window's list of named functions into an API object over any transport: the preloads bind
 * it to ipcRenderer, the test harness to its HTTP bridge. Free of zod so sandboxed preloads stay small.
 */
import type { Channel, EventName, EventPayload, RequestOf, ResponseOf } from './contract.ts'
import type { IpcResult } from './result.ts'

export type Invoke = (channel: Channel, request: unknown) => Promise<IpcResult<unknown>>
export type Subscribe = (event: EventName, listener: (payload: unknown) => void) => () => void

export type ApiOf<C extends Record<string, Channel>, E extends Record<string, EventName>> = {
  [K in keyof C]: (request: RequestOf<C[K]>) => Promise<IpcResult<ResponseOf<C[K]>>>
} & {
  [K in keyof E]: (listener: (payload: EventPayload<E[K]>) => void) => () => void
}

export function bindApi<C extends Record<string, Channel>, E extends Record<string, EventName>>(
  channels: C,
  events: E,
) {
  return (invoke: Invoke, subscribe: Subscribe): ApiOf<C, E> => {
    const api: Record<string, unknown> = {}
    for (const [name, channel] of Object.entries(channels))
      api[name] = (request: unknown) => invoke(channel, request)
    for (const [name, event] of Object.entries(events)) {
      api[name] = (listener: (payload: unknown) => void) => subscribe(event, listener)
    }
    return api as ApiOf<C, E>
  }
}
