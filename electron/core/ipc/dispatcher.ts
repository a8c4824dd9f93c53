import type { z } from 'zod'
import {
  contract,
  isChannel,
  type Channel,
  type ParsedRequestOf,
  type ResponseOf,
} from '../../../shared/ipc/contract.ts'
import type { IpcResult } from '../../../shared/ipc/result.ts'
import { TwofoldError } from '../errors.ts'

export type Handler<C extends Channel> = (
  request: ParsedRequestOf<C>,
) => Promise<ResponseOf<C>> | ResponseOf<C>
export type Handlers = { [C in Channel]: Handler<C> }

/**
 * The channels named `<prefix>:…`. A handler file names the prefixes it answers, never the ones it
 * does not, so a channel with a new prefix concerns only the file that will answer it.
 */
export type ChannelsUnder<Prefix extends string> = Extract<Channel, `${Prefix}:${string}`>

type AnsweredBy<Groups> = Groups extends readonly [infer First, ...infer Rest]
  ? keyof First | AnsweredBy<Rest>
  : never
type AnsweredTwice<Groups, Seen = never> = Groups extends readonly [infer First, ...infer Rest]
  ? (keyof First & Seen) | AnsweredTwice<Rest, Seen | keyof First>
  : never
type Unanswered<Groups> = Exclude<Channel, AnsweredBy<Groups>>
/** `Handlers` when every channel is answered exactly once; otherwise the channels at fault, by name. */
type Joined<Groups> = [Unanswered<Groups> | AnsweredTwice<Groups>] extends [never]
  ? Handlers
  : { unanswered: Unanswered<Groups>; answeredTwice: AnsweredTwice<Groups> }

/**
 * The handler groups as one table, which is `Handlers` only when every channel of the contract is
 * answered by exactly one group: with a plain spread, a later group would silently replace an earlier
 * one's handler.
 */
export function joinHandlers<const Groups extends readonly Partial<Handlers>[]>(
  groups: Groups,
): Joined<Groups> {
  const joined: Partial<Handlers> = {}
  for (const group of groups) Object.assign(joined, group)
  return joined as Joined<Groups>
}

export interface DispatcherOptions {
  /** Where unexpected failures are reported. Gets the error's name and code only, never its text. */
  reportUnexpected?: (channel: Channel, error: unknown) => void
}

export type Dispatch = (channel: unknown, payload: unknown) => Promise<IpcResult<unknown>>

/**
 * The single door into the core from any window. Electron-free, so the app's main process and the
 * test harness share it: every payload is parsed with the contract's schema before a handler runs,
 * every response is checked on the way out (an answer with a field the contract does not name — a
 * secret, say — is not sent), and
 * every failure becomes `{ok: false, error: {code, message}}` — never a stack trace.
 */
export function createDispatcher(handlers: Handlers, options: DispatcherOptions = {}): Dispatch {
  return async (channel, payload) => {
    if (!isChannel(channel)) {
      return failure('unknown-channel', 'That request is not part of the Twofold API.')
    }
    const spec = contract[channel]
    const parsed = spec.request.safeParse(payload ?? {})
    if (!parsed.success) {
      return failure('invalid-request', describeIssues(parsed.error))
    }
    try {
      const handler = handlers[channel] as (request: unknown) => unknown
      const value = await handler(parsed.data)
      const checked = (spec.response as z.ZodType).safeParse(value)
      if (!checked.success) {
        options.reportUnexpected?.(channel, new Error('response did not match the contract'))
        return failure('internal', 'Twofold produced an answer it could not send. Nothing was shown.')
      }
      return { ok: true, value: checked.data }
    } catch (error) {
      if (error instanceof TwofoldError) return { ok: false, error: error.toIpcError() }
      options.reportUnexpected?.(channel, error)
      return failure(
        'internal',
        'Something went wrong inside Twofold. Your vault was not changed by this request.',
      )
    }
  }
}

function failure(
  code: 'invalid-request' | 'unknown-channel' | 'internal',
  message: string,
): IpcResult<never> {
  return { ok: false, error: { code, message } }
}

/** Names the fields at fault without echoing their values (a value may be a password). */
function describeIssues(error: z.ZodError): string {
  const fields = [...new Set(error.issues.map((issue) => issue.path.join('.') || 'request'))]
  const custom = error.issues.find(
    (issue) => issue.code === 'custom' || issue.code === 'too_small' || issue.code === 'too_big',
  )
  const detail =
    custom && !custom.message.startsWith('Too') && !custom.message.startsWith('Invalid')
      ? ` ${custom.message}`
      : ''
  return `The request was not valid (${fields.slice(0, 5).join(', ')}).${detail}`
}
