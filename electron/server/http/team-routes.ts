import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { z } from 'zod'
import { teamApi, TEAM_EVENTS_PATH, uuid, type TeamRoute } from '../../../shared/team/team-api.ts'
import { withTeamTransaction } from '../database/team-transaction.ts'
import type { Database } from '../database/open-database.ts'
import type { InboxService } from '../inbox/inbox-service.ts'
import { teamHandlers } from '../team/handlers/index.ts'
import type { TeamHandler } from '../team/handlers/handler-types.ts'
import { teamError } from '../team/team-error.ts'
import { TeamTx, type Caller } from '../team/team-tx.ts'
import { rawBodyOf } from './raw-body.ts'
import { authenticate, bearerToken } from './request-auth.ts'
import { currentSeq, type TeamEventHub } from './team-events.ts'
import { decodeProtectedHeader } from 'jose'

const MIB = 1024 * 1024
/** Rotations carry every record of a client re-sealed; a share carries a whole client. */
const BODY_LIMITS: Partial<Record<TeamRoute, number>> = {
  'team:share-client': 64 * MIB,
  'team:revoke': 64 * MIB,
  'team:remove-member': 64 * MIB,
  'team:remove-device': 64 * MIB,
  // A demotion re-seals the clients given up; a promotion wraps every client to each device.
  'team:change-role': 64 * MIB,
  'team:write-records': 16 * MIB,
  'team:add-backup-codes': 16 * MIB,
}
const DEFAULT_BODY_LIMIT = MIB

/**
 * Requests per minute. Creating and joining present a secret (a setup code, an invite), so they get
 * fewer, counted per address; everything else is counted per device.
 */
export interface TeamRateLimits {
  create: number
  join: number
  device: number
  events: number
}

export const DEFAULT_RATE_LIMITS: TeamRateLimits = { create: 20, join: 60, device: 1_200, events: 60 }

function routeRateLimit(name: TeamRoute, limits: TeamRateLimits): number {
  if (name === 'team:create') return limits.create
  if (name === 'team:join') return limits.join
  return limits.device
}

export interface TeamRouteOptions {
  database: Database
  events: TeamEventHub
  clock: () => Date
  /** The public URL's path, when a proxy serves the API below one: devices sign the path they send. */
  pathPrefix: string
  rateLimits: TeamRateLimits
  /** The code inbox, when the server was given its secret. */
  inbox?: InboxService | undefined
}

/** The schema's first problem as "field: message" — never the value that was sent. */
function invalid(part: string, error: z.ZodError) {
  const issue = error.issues[0]
  const field = [part, ...(issue?.path ?? []).map(String)].join('.')
  return teamError('invalid-request', `${field}: ${issue?.message ?? 'invalid'}`.slice(0, 500))
}

function parsePart<T>(schema: z.ZodType<T> | undefined, value: unknown, part: string): T | undefined {
  if (!schema) return undefined
  const result = schema.safeParse(value)
  if (!result.success) throw invalid(part, result.error)
  return result.data
}

/** Authenticated routes are limited per device (the token's key id), the others per address. */
function rateKey(request: FastifyRequest): string {
  const token = bearerToken(request)
  if (token !== undefined) {
    try {
      const { kid } = decodeProtectedHeader(token)
      if (typeof kid === 'string') return `device:${kid.slice(0, 100)}`
    } catch {
      // An unreadable token is limited by address; authentication refuses it anyway.
    }
  }
  return `address:${request.ip}`
}

/**
 * Registers every route of the contract through one path: parse the params, query and body with the
 * route's schemas, authenticate the device (unless the route is one of the two that come before a
 * device exists), check the role, run the handler in one transaction with the team and member set for
 * row-level security, and check the answer against the route's schema before it commits and leaves.
 */
export function registerTeamRoutes(app: FastifyInstance, options: TeamRouteOptions): void {
  const { database, clock } = options
  for (const name of Object.keys(teamApi) as TeamRoute[]) {
    const spec = teamApi[name] as (typeof teamApi)[TeamRoute] & {
      params?: z.ZodType
      query?: z.ZodType
      body?: z.ZodType
      adminOnly?: boolean
      pendingAllowed?: boolean
    }
    const handler = teamHandlers[name] as TeamHandler<TeamRoute>
    app.route({
      method: spec.method,
      url: spec.path,
      bodyLimit: BODY_LIMITS[name] ?? DEFAULT_BODY_LIMIT,
      config: {
        rateLimit: {
          max: routeRateLimit(name, options.rateLimits),
          timeWindow: 60_000,
          keyGenerator: spec.authenticated ? rateKey : (request: FastifyRequest) => `address:${request.ip}`,
        },
      },
      handler: async (request, reply) => {
        const params = parsePart(spec.params, request.params, 'params')
        const query = parsePart(spec.query, request.query, 'query')
        const body = parsePart(spec.body, spec.method === 'GET' ? undefined : request.body, 'body')
        const teamId =
          (params as { team?: string } | undefined)?.team ?? (body as { teamId?: string } | undefined)?.teamId
        if (teamId === undefined) throw new Error(`route ${name} names no team`)
        const now = clock()
        let caller: Caller | undefined
        if (spec.authenticated) {
          caller = await authenticate(request, {
            pool: database.pool,
            teamId,
            path: options.pathPrefix + request.url,
            body: rawBodyOf(request),
            now,
          })
          if (caller.deviceStatus === 'pending' && spec.pendingAllowed !== true) {
            throw teamError('forbidden', 'This device waits for an admin to confirm it.')
          }
          if (spec.adminOnly === true && caller.role === 'member') {
            throw teamError('forbidden', 'Only the owner or an admin may do this.')
          }
        }
        const answer = await withTeamTransaction(
          database.pool,
          { teamId, memberId: caller?.memberId ?? null },
          async (client) => {
            const tx = new TeamTx({
              sql: client,
              teamId,
              now,
              inbox: options.inbox,
              ...(caller ? { caller } : {}),
            })
            const result = await handler(tx, { params, query, body } as never)
            const checked = spec.response.safeParse(result)
            if (!checked.success) {
              // The issue's path says which field; its value stays out of the log.
              request.log.error(
                { route: name, field: checked.error.issues[0]?.path.map(String).join('.') },
                'a handler answered outside the contract',
              )
              throw teamError('internal', 'The server could not answer this request.')
            }
            await tx.finish()
            return checked.data
          },
        )
        return reply.send(answer)
      },
    })
  }
  registerEventsRoute(app, options)
}

const eventsParams = uuid

/** `GET /v1/teams/:team/events`: a server-sent event stream of the team's sequence. */
function registerEventsRoute(app: FastifyInstance, options: TeamRouteOptions): void {
  app.route({
    method: 'GET',
    url: TEAM_EVENTS_PATH,
    config: { rateLimit: { max: options.rateLimits.events, timeWindow: 60_000, keyGenerator: rateKey } },
    handler: async (request, reply) => {
      const teamId = parsePart(eventsParams, (request.params as { team?: unknown }).team, 'params.team')
      if (teamId === undefined) throw new Error('no team')
      const caller = await authenticate(request, {
        pool: options.database.pool,
        teamId,
        path: options.pathPrefix + request.url,
        body: rawBodyOf(request),
        now: options.clock(),
      })
      await options.events.ready()
      const seq = await currentSeq(options.database.pool, teamId)
      reply.hijack()
      const stream = reply.raw
      stream.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      })
      // A device that reconnects learns the current sequence at once and catches up from it.
      stream.write(`retry: 2000\n\nevent: changed\ndata: ${JSON.stringify({ seq: seq ?? 0 })}\n\n`)
      options.events.add(teamId, caller.deviceId, stream)
    },
  })
}
