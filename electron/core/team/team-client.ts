import type { z } from 'zod'
import {
  errorBodySchema,
  TEAM_EVENTS_PATH,
  teamApi,
  teamRoutePath,
  type TeamParams,
  type TeamQuery,
  type TeamRequest,
  type TeamResponse,
  type TeamRoute,
} from '../../../shared/team/team-api.ts'
import type { ErrorCode } from '../../../shared/domain/errors.ts'
import { TwofoldError } from '../errors.ts'
import { signRequestToken } from './crypto/request-token.ts'

/** Who signs a request: one device of the team, with its private signing key (never sent). */
export interface DeviceCredentials {
  teamId: string
  deviceId: string
  signingPrivateKey: Uint8Array
}

export interface TeamCall<R extends TeamRoute> {
  params?: TeamParams<R>
  query?: TeamQuery<R>
  body?: TeamRequest<R>
}

export interface TeamClientOptions {
  fetch?: typeof fetch
  now?: () => number
  /** A server that has not answered by then counts as offline. */
  timeoutMs?: number
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1'])

/**
 * The server's address as a person gave it, checked: HTTPS (whose certificate Node checks as always),
 * or plain HTTP to this machine only — a team's secrets are sealed, but its tokens and metadata are not
 * for the network to read.
 */
export function checkServerUrl(text: string): string {
  let url: URL
  try {
    url = new URL(text.trim())
  } catch {
    throw new TwofoldError('invalid-request', 'The team server address is not a URL (https://…).', {
      field: 'server',
    })
  }
  const loopback = LOOPBACK_HOSTS.has(url.hostname) || url.hostname.startsWith('127.')
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new TwofoldError(
      'invalid-request',
      'The team server address must start with https:// (plain http only to this computer).',
      { field: 'server' },
    )
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new TwofoldError('invalid-request', 'The team server address takes no user, query or fragment.', {
      field: 'server',
    })
  }
  return url.origin + url.pathname.replace(/\/+$/, '')
}

/**
 * The team server's HTTP API as the contract spells it: every request validated before it leaves and
 * signed with a fresh device token over its exact bytes; every answer validated before it is used; a
 * refusal or a network failure turned into a TwofoldError whose one-line message names what to do.
 */
export class TeamClient {
  readonly server: string
  readonly #fetch: typeof fetch
  readonly #now: () => number
  readonly #timeoutMs: number

  constructor(server: string, options: TeamClientOptions = {}) {
    this.server = checkServerUrl(server)
    this.#fetch = options.fetch ?? fetch
    this.#now = options.now ?? Date.now
    this.#timeoutMs = options.timeoutMs ?? 30_000
  }

  async call<R extends TeamRoute>(
    route: R,
    call: TeamCall<R>,
    credentials?: DeviceCredentials,
  ): Promise<TeamResponse<R>> {
    const spec = teamApi[route]
    // Signed as sent: with the path of a server that is served below one (behind a proxy).
    const path = new URL(this.server).pathname.replace(/\/$/, '') + this.#path(spec, call)
    let bodyText = ''
    if ('body' in spec) {
      const checked = (spec.body as z.ZodType).safeParse(call.body)
      if (!checked.success)
        throw new TwofoldError('invalid-request', `Twofold built a ${route} request the server would refuse.`)
      bodyText = JSON.stringify(checked.data)
    }
    const body = Buffer.from(bodyText, 'utf8')
    const headers: Record<string, string> = { accept: 'application/json' }
    if (bodyText) headers['content-type'] = 'application/json'
    if (spec.authenticated) {
      if (!credentials) throw new TwofoldError('team-not-joined', 'This vault is not part of a team yet.')
      headers.authorization = await this.#authorization(credentials, spec.method, path, body)
    }
    let response: Response
    let text: string
    try {
      response = await this.#fetch(new URL(this.server).origin + path, {
        method: spec.method,
        headers,
        ...(bodyText ? { body: bodyText } : {}),
        signal: AbortSignal.timeout(this.#timeoutMs),
        redirect: 'error',
      })
      text = await response.text()
    } catch {
      throw new TwofoldError(
        'team-offline',
        `The team server at ${this.server} cannot be reached: check the connection and try again.`,
      )
    }
    const json = parseJson(text)
    if (!response.ok) throw refusal(response.status, json, route)
    const answer = (spec.response as z.ZodType).safeParse(json)
    if (!answer.success) {
      throw new TwofoldError(
        'team-offline',
        `The server at ${this.server} did not answer as a Twofold team server does (${route}).`,
      )
    }
    return answer.data as TeamResponse<R>
  }

  /**
   * Opens the team's live event stream, signed like any call (a fresh token for each connection).
   * Resolves with the body once the server accepted the device; a refusal or an unreachable server
   * throws as `call` does. The stream lasts until `signal` aborts or the server ends it.
   */
  async openEvents(credentials: DeviceCredentials, signal: AbortSignal): Promise<ReadableStream<Uint8Array>> {
    const path =
      new URL(this.server).pathname.replace(/\/$/, '') +
      teamRoutePath(TEAM_EVENTS_PATH, { team: credentials.teamId })
    const authorization = await this.#authorization(credentials, 'GET', path, Buffer.alloc(0))
    // The timeout covers the answer's headers only: the stream itself may stay quiet for long.
    const connecting = new AbortController()
    const timer = setTimeout(() => connecting.abort(), this.#timeoutMs)
    let response: Response
    try {
      response = await this.#fetch(new URL(this.server).origin + path, {
        method: 'GET',
        headers: { accept: 'text/event-stream', authorization },
        signal: AbortSignal.any([signal, connecting.signal]),
        redirect: 'error',
      })
    } catch {
      throw new TwofoldError('team-offline', `The team server at ${this.server} cannot be reached.`)
    } finally {
      clearTimeout(timer)
    }
    if (!response.ok) {
      const text = await response.text().catch(() => '')
      throw refusal(response.status, parseJson(text), 'events')
    }
    if (!response.body || !response.headers.get('content-type')?.startsWith('text/event-stream')) {
      await response.body?.cancel().catch(() => undefined)
      throw new TwofoldError(
        'team-offline',
        `The server at ${this.server} did not answer as a Twofold team server does (events).`,
      )
    }
    return response.body
  }

  async #authorization(
    credentials: DeviceCredentials,
    method: string,
    path: string,
    body: Buffer,
  ): Promise<string> {
    const token = await signRequestToken({
      deviceId: credentials.deviceId,
      teamId: credentials.teamId,
      signingPrivateKey: credentials.signingPrivateKey,
      method,
      path,
      body,
      now: new Date(this.#now()),
    })
    return `Twofold ${token}`
  }

  #path(spec: (typeof teamApi)[TeamRoute], call: TeamCall<TeamRoute>): string {
    const path = teamRoutePath(spec.path, call.params ?? {})
    const query = new URLSearchParams()
    const values: Record<string, string | number | undefined> = call.query ?? {}
    for (const [name, value] of Object.entries(values)) {
      if (value !== undefined) query.set(name, String(value))
    }
    const search = query.toString()
    return search ? `${path}?${search}` : path
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** The server's codes, in words a person can act on; the server's own text is not repeated. */
const refusals: Record<string, { code: ErrorCode; message: string }> = {
  unauthenticated: {
    code: 'team-forbidden',
    message: 'The team server did not recognise this device (its request signature was refused).',
  },
  'token-expired': {
    code: 'team-forbidden',
    message: "The team server refused this device's request as expired: check this computer's clock.",
  },
  'token-replayed': {
    code: 'team-forbidden',
    message: 'The team server refused a request it had already seen.',
  },
  forbidden: { code: 'team-forbidden', message: 'Your role in the team does not allow that.' },
  'device-removed': { code: 'team-forbidden', message: 'This device was removed from the team.' },
  'member-removed': { code: 'team-forbidden', message: 'You were removed from the team.' },
  'not-found': {
    code: 'team-refused',
    message: 'The team server does not know that team, member or client.',
  },
  conflict: { code: 'team-conflict', message: 'Someone changed this first: sync and try again.' },
  'setup-code-invalid': {
    code: 'team-refused',
    message: 'The setup code is wrong or was already used: get a fresh one with twofold-server setup-code.',
  },
  'invite-invalid': {
    code: 'team-refused',
    message: 'The invite is wrong, expired or already used: ask an admin for a new one.',
  },
  'backup-codes-exhausted': {
    code: 'no-backup-codes',
    message: 'Every backup code of this account was already handed out: add new ones.',
  },
  'too-large': { code: 'team-refused', message: 'The team server refused the request as too large.' },
  'rate-limited': {
    code: 'team-refused',
    message: 'The team server asks to slow down: try again in a minute.',
  },
  'invalid-request': { code: 'team-refused', message: 'The team server refused the request as malformed.' },
}

function refusal(status: number, json: unknown, route: TeamRoute | 'events'): TwofoldError {
  const parsed = errorBodySchema.safeParse(json)
  const known = parsed.success ? refusals[parsed.data.error.code] : undefined
  if (known) return new TwofoldError(known.code, known.message)
  if (status >= 500)
    return new TwofoldError('team-offline', 'The team server is having trouble: try again in a moment.')
  return new TwofoldError('team-refused', `The team server refused the request (${route}, HTTP ${status}).`)
}
