import rateLimit from '@fastify/rate-limit'
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify'
import { teamErrorStatus, type TeamErrorCode } from '../../../shared/team/team-api.ts'
import type { Database } from '../database/open-database.ts'
import { InboxService, type InboxServerOptions } from '../inbox/inbox-service.ts'
import {
  DEFAULT_WEBHOOKS_PER_TEAM_PER_MINUTE,
  registerInboxWebhooks,
  requestLogSerializer,
} from '../inbox/webhook-routes.ts'
import { TeamHttpError } from '../team/team-error.ts'
import { registerRawJsonBody } from './raw-body.ts'
import { TeamEventHub } from './team-events.ts'
import { DEFAULT_RATE_LIMITS, registerTeamRoutes, type TeamRateLimits } from './team-routes.ts'

export interface CreateAppOptions {
  /** What openDatabase returned: migrated, its pool on the runtime role. */
  database: Database
  /** Where devices reach this server; its path, if any, is the prefix they sign in each token. */
  publicUrl?: string
  /** A pino logger, or true for Fastify's own; none by default. Bodies and headers are never logged. */
  log?: FastifyBaseLogger | boolean
  /** Behind a load balancer: take the client's address from X-Forwarded-For (for per-address limits). */
  trustProxy?: boolean
  /** Requests per minute, per route kind (DEFAULT_RATE_LIMITS); a bench or a test may raise them. */
  rateLimits?: Partial<TeamRateLimits>
  /** The time tokens and invites are checked against; tests move it. */
  clock?: () => Date
  /** PEM certificate chain and key: served over TLS (twofold-server refuses plain HTTP off loopback). */
  https?: { cert: Buffer; key: Buffer }
  /**
   * The code inbox's server secret and provider secrets (docs/inbox.md). Without it there are no
   * webhook routes and `team:inbox-enable` answers `unavailable`.
   */
  inbox?: InboxServerOptions
  /** Webhook posts per minute per team (DEFAULT_WEBHOOKS_PER_TEAM_PER_MINUTE); a bench may raise it. */
  webhooksPerTeamPerMinute?: number
  /** Refused webhook posts per minute per client address (docs/inbox.md); a test may lower it. */
  webhookRefusalsPerAddressPerMinute?: number
}

/**
 * The team server's HTTP API. Keeps no state of its own beyond this process's event streams and rate
 * counters: any number of copies can serve one database. `app.close()` ends the event streams first
 * (devices reconnect elsewhere), then waits for requests in flight.
 */
export function createApp(options: CreateAppOptions): FastifyInstance {
  const app = Fastify({
    ...(typeof options.log === 'object'
      ? { loggerInstance: options.log }
      : // Webhook paths carry a token or a verify token: redacted in every request line.
        { logger: options.log === true ? { serializers: { req: requestLogSerializer } } : false }),
    trustProxy: options.trustProxy ?? false,
    ...(options.https ? { https: options.https } : {}),
    // Ids are in the path; nothing of ours needs a long URL.
    routerOptions: { maxParamLength: 100 },
  }) as unknown as FastifyInstance
  const events = new TeamEventHub(options.database, { warn: (message) => app.log.warn(message) })
  app.addHook('preClose', async () => {
    await events.close()
  })
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const { code, message } = describeError(error)
    if (code === 'internal') {
      request.log.error({ err: { name: error.name, code: error.code } }, 'request failed')
    }
    void reply.status(teamErrorStatus[code]).send({ error: { code, message } })
  })
  app.setNotFoundHandler((_request, reply) => {
    void reply.status(404).send({ error: { code: 'not-found', message: 'There is no such route.' } })
  })
  void app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      code: 'rate-limited',
      message: `Too many requests: try again in ${Math.ceil(context.ttl / 1000)} s.`,
    }),
  })
  const inbox = options.inbox ? new InboxService(options.inbox, options.publicUrl) : undefined
  void app.register((scope, _options, done) => {
    registerRawJsonBody(scope)
    registerTeamRoutes(scope, {
      database: options.database,
      events,
      clock: options.clock ?? (() => new Date()),
      pathPrefix: pathPrefixOf(options.publicUrl),
      rateLimits: { ...DEFAULT_RATE_LIMITS, ...options.rateLimits },
      inbox,
    })
    done()
  })
  if (inbox) {
    // Its own scope: providers post form-encoded or JSON bodies, each checked over its exact bytes.
    void app.register((scope, _options, done) => {
      registerInboxWebhooks(scope, {
        database: options.database,
        inbox,
        clock: options.clock ?? (() => new Date()),
        perTeamPerMinute: options.webhooksPerTeamPerMinute ?? DEFAULT_WEBHOOKS_PER_TEAM_PER_MINUTE,
        ...(options.webhookRefusalsPerAddressPerMinute === undefined
          ? {}
          : { refusalsPerAddressPerMinute: options.webhookRefusalsPerAddressPerMinute }),
      })
      done()
    })
  }
  return app
}

function pathPrefixOf(publicUrl: string | undefined): string {
  if (publicUrl === undefined) return ''
  return new URL(publicUrl).pathname.replace(/\/+$/, '')
}

const PG_ANSWERS: Record<string, { code: TeamErrorCode; message: string }> = {
  '23505': { code: 'conflict', message: 'Something with this id exists already.' },
  '23503': { code: 'not-found', message: 'It refers to something that is not in this team.' },
  '42501': { code: 'forbidden', message: 'You may not change this.' },
  '57014': { code: 'unavailable', message: 'The database took too long: try again.' },
}

/** Maps anything thrown to the contract's error: our own refusals as they are, the rest by kind. */
function describeError(error: FastifyError): { code: TeamErrorCode; message: string } {
  if (error instanceof TeamHttpError) return { code: error.code, message: error.message }
  if (error.statusCode === 429) return { code: 'rate-limited', message: error.message }
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return { code: 'too-large', message: 'The request is larger than this route accepts.' }
  }
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return { code: 'invalid-request', message: 'Send the body as JSON (Content-Type: application/json).' }
  }
  const pgAnswer = PG_ANSWERS[String(error.code)]
  if (pgAnswer) return pgAnswer
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    return { code: 'invalid-request', message: 'The request is not well formed.' }
  }
  if (/connect|ECONNREFUSED|terminat/i.test(error.message)) {
    return { code: 'unavailable', message: 'The database is not reachable: try again shortly.' }
  }
  return { code: 'internal', message: 'The server could not answer this request.' }
}
