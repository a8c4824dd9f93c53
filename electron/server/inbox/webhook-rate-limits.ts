import type { FastifyInstance, FastifyRequest } from 'fastify'
import { TeamHttpError, teamError } from '../team/team-error.ts'

export const DEFAULT_WEBHOOKS_PER_TEAM_PER_MINUTE = 6_000
export const DEFAULT_WEBHOOK_REFUSALS_PER_ADDRESS_PER_MINUTE = 600

export interface WebhookRateLimitOptions {
  /** Verified posts per minute per team, all providers together. */
  perTeamPerMinute: number
  /** Refused (403) posts per minute per client address. */
  refusalsPerAddressPerMinute: number
}

const tooMany = (ttlMs: number) =>
  teamError('rate-limited', `Too many requests: try again in ${Math.ceil(ttlMs / 1000)} s.`)

/**
 * The webhooks' two budgets. The team id is in every webhook URL, so a budget keyed by it alone would
 * let anyone spend it with unsigned junk and have the providers' real posts refused (Twilio does not
 * retry: the code is lost). A team's budget is therefore spent only by posts that passed their
 * signature or token check; refused posts spend a budget of their own per client address, so a
 * signed post is never refused because of someone else's junk.
 */
export class WebhookRateLimits {
  readonly #team
  readonly #refused

  constructor(app: FastifyInstance, options: WebhookRateLimitOptions) {
    this.#team = app.createRateLimit({
      max: options.perTeamPerMinute,
      timeWindow: 60_000,
      keyGenerator: (request: FastifyRequest) =>
        `inbox-team:${String((request.params as Record<string, unknown>).team).slice(0, 40)}`,
    })
    this.#refused = app.createRateLimit({
      max: options.refusalsPerAddressPerMinute,
      timeWindow: 60_000,
      keyGenerator: (request: FastifyRequest) => `inbox-refused:${request.ip}`,
    })
  }

  /** Spends one of the team's posts; call it once the post is proven to come from its provider. */
  async verified(request: FastifyRequest): Promise<void> {
    const answer = await this.#team(request)
    if (!answer.isAllowed && answer.isExceeded) throw tooMany(answer.ttl)
  }

  /**
   * Runs one webhook: a refusal as `forbidden` spends the address's budget, and once that is used up
   * the address is answered 429 instead of 403.
   */
  async guard<T>(request: FastifyRequest, handler: () => Promise<T>): Promise<T> {
    try {
      return await handler()
    } catch (error) {
      if (error instanceof TeamHttpError && error.code === 'forbidden') {
        const answer = await this.#refused(request)
        if (!answer.isAllowed && answer.isExceeded) throw tooMany(answer.ttl)
      }
      throw error
    }
  }
}
