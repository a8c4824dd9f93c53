import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { INBOX_WEBHOOK_PATHS, MAX_WEBHOOK_BODY_BYTES } from '../../../shared/team/inbox-webhooks.ts'
import { uuid } from '../../../shared/team/team-api.ts'
import type { Database } from '../database/open-database.ts'
import type { InboxService } from './inbox-service.ts'
import { jsonTokenGeneration, receiveMessage, teamExists, type ReceivedMessage } from './receive-message.ts'
import { readAndroidGatewayWebhook } from './providers/android-sms-gateway.ts'
import { readJsonWebhook } from './providers/json-forwarder.ts'
import { answerMetaHandshake, readMetaWebhook } from './providers/meta-whatsapp.ts'
import { readTwilioWebhook, TWILIO_ANSWER } from './providers/twilio.ts'
import { notSigned } from './providers/webhook-refusals.ts'
import { DEFAULT_WEBHOOK_REFUSALS_PER_ADDRESS_PER_MINUTE, WebhookRateLimits } from './webhook-rate-limits.ts'

export interface InboxWebhookOptions {
  database: Database
  inbox: InboxService
  clock: () => Date
  /** Verified posts per minute per team, all providers together. */
  perTeamPerMinute: number
  /** Refused posts per minute per client address (DEFAULT_WEBHOOK_REFUSALS_PER_ADDRESS_PER_MINUTE). */
  refusalsPerAddressPerMinute?: number
}

export { DEFAULT_WEBHOOKS_PER_TEAM_PER_MINUTE } from './webhook-rate-limits.ts'

/**
 * The request log of a webhook: its path without the json endpoint's token, and without any query
 * (Meta's handshake carries the verify token there). Headers and bodies are never logged anyway.
 */
export function redactedWebhookUrl(url: string): string {
  const path = url.split('?')[0] ?? ''
  return path.replace(/(\/json\/)[^/]*/, '$1[token]')
}

const INBOX_PATH_START = '/v1/inbox/'

/**
 * The app-wide request serializer: what a provider sends to a webhook path is redacted even where no
 * route answers it (a provider whose secret is not configured), the rest logged as Fastify does.
 */
export const requestLogSerializer = (request: FastifyRequest) => ({
  method: request.method,
  url: request.url.startsWith(INBOX_PATH_START) ? redactedWebhookUrl(request.url) : request.url,
  host: request.host,
  remoteAddress: request.ip,
  remotePort: request.socket.remotePort,
})

const logSerializers = { req: requestLogSerializer }

type Params = Record<string, string | undefined>

const teamOf = (request: FastifyRequest): string => {
  const team = (request.params as Params).team
  // Not a team id at all reads as a team that is not here.
  if (team === undefined || !uuid.safeParse(team).success) throw notSigned()
  return team
}

const bodyOf = (request: FastifyRequest): Buffer =>
  Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0)

/**
 * The providers' webhooks (INBOX_WEBHOOK_PATHS). A provider whose secret the server was not given has
 * no route at all (404 as any unknown path). Each post is checked (signature, token, timestamp) before
 * anything about the team is looked up (json's token needs the team's token generation, no more); a team that is not here answers as a bad signature does; a
 * number no client registered answers 200, so the provider does not retry what is never stored.
 * Only checked posts spend the team's rate budget (WebhookRateLimits).
 */
export function registerInboxWebhooks(app: FastifyInstance, options: InboxWebhookOptions): void {
  const { inbox, database, clock } = options
  const providers = inbox.providers
  const limits = new WebhookRateLimits(app, {
    perTeamPerMinute: options.perTeamPerMinute,
    refusalsPerAddressPerMinute:
      options.refusalsPerAddressPerMinute ?? DEFAULT_WEBHOOK_REFUSALS_PER_ADDRESS_PER_MINUTE,
  })
  app.removeAllContentTypeParsers()
  // Every provider's signature is over the exact bytes: each parses them itself.
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => {
    done(null, body)
  })

  const route = (
    method: 'GET' | 'POST',
    url: string,
    handler: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>,
  ) =>
    app.route({
      method,
      url,
      bodyLimit: MAX_WEBHOOK_BODY_BYTES,
      logSerializers,
      handler: (request: FastifyRequest, reply: FastifyReply) =>
        limits.guard(request, () => handler(request, reply)),
    })

  const deliver = async (teamId: string, messages: readonly ReceivedMessage[], tokenGeneration?: number) => {
    const now = clock()
    if (!(await teamExists(database.pool, teamId))) throw notSigned()
    for (const message of messages) {
      const delivery = await receiveMessage(database.pool, inbox, teamId, message, now, tokenGeneration)
      if (delivery === 'unknown-team' || delivery === 'rotated') throw notSigned()
    }
  }

  const twilioAuthToken = providers.twilioAuthToken
  if (twilioAuthToken !== undefined) {
    route('POST', INBOX_WEBHOOK_PATHS.twilio, async (request, reply) => {
      const teamId = teamOf(request)
      const message = readTwilioWebhook({
        authToken: twilioAuthToken,
        url: inbox.url(request.url),
        headers: request.headers,
        body: bodyOf(request),
      })
      await limits.verified(request)
      await deliver(teamId, [message])
      return reply.type('text/xml; charset=utf-8').send(TWILIO_ANSWER)
    })
  }

  const metaVerifyToken = providers.metaVerifyToken
  if (metaVerifyToken !== undefined) {
    route('GET', INBOX_WEBHOOK_PATHS['meta-whatsapp'], async (request, reply) => {
      const teamId = teamOf(request)
      const challenge = answerMetaHandshake(metaVerifyToken, request.query as Record<string, unknown>)
      await limits.verified(request)
      if (!(await teamExists(database.pool, teamId))) throw notSigned()
      return reply.type('text/plain; charset=utf-8').send(challenge)
    })
  }
  const metaAppSecret = providers.metaAppSecret
  if (metaAppSecret !== undefined) {
    route('POST', INBOX_WEBHOOK_PATHS['meta-whatsapp'], async (request, reply) => {
      const teamId = teamOf(request)
      const messages = readMetaWebhook({
        appSecret: metaAppSecret,
        headers: request.headers,
        body: bodyOf(request),
      })
      await limits.verified(request)
      await deliver(teamId, messages)
      return reply.send({ ok: true })
    })
  }

  const androidKey = providers.androidSmsGatewaySigningKey
  if (androidKey !== undefined) {
    route('POST', INBOX_WEBHOOK_PATHS['android-sms-gateway'], async (request, reply) => {
      const teamId = teamOf(request)
      const line = (request.params as Params).line ?? ''
      const message = readAndroidGatewayWebhook({
        signingKey: androidKey,
        line,
        headers: request.headers,
        body: bodyOf(request),
        now: clock(),
      })
      await limits.verified(request)
      await deliver(teamId, message ? [message] : [])
      return reply.send({ ok: true })
    })
  }

  route('POST', INBOX_WEBHOOK_PATHS.json, async (request, reply) => {
    const teamId = teamOf(request)
    // Only the current generation's token: a rotation is what ends a URL someone should no longer have.
    const generation = await jsonTokenGeneration(database.pool, teamId)
    if (!inbox.keys.jsonTokenMatches(teamId, generation, (request.params as Params).token ?? ''))
      throw notSigned()
    await limits.verified(request)
    await deliver(teamId, [readJsonWebhook(bodyOf(request))], generation)
    return reply.send({ ok: true })
  })
}
