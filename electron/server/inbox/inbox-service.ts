import { INBOX_WEBHOOK_PATHS } from '../../../shared/team/inbox-webhooks.ts'
import { teamRoutePath, type InboxProvider } from '../../../shared/team/team-api.ts'
import { InboxKeys } from './inbox-secret.ts'
import type { InboxProviderSecrets } from './provider-secrets.ts'

/** What `createApp` needs for the code inbox: the server's inbox secret and each provider's secret. */
export interface InboxServerOptions {
  /** 32+ random bytes kept outside the database (`--inbox-secret-file`, TWOFOLD_INBOX_SECRET). */
  secret: Buffer
  providers: InboxProviderSecrets
}

/** Without a public URL (an app only tests inject into) the webhook URLs name this. */
const FALLBACK_PUBLIC_URL = 'http://localhost'

/** The inbox as the handlers and webhook routes of one app see it. */
export class InboxService {
  readonly keys: InboxKeys
  readonly providers: InboxProviderSecrets
  /** The public URL without a trailing slash: what providers post to, and what Twilio signs. */
  readonly publicBase: string

  constructor(options: InboxServerOptions, publicUrl: string | undefined) {
    this.keys = new InboxKeys(options.secret)
    this.providers = options.providers
    const url = new URL(publicUrl ?? FALLBACK_PUBLIC_URL)
    url.search = ''
    url.hash = ''
    this.publicBase = url.toString().replace(/\/+$/, '')
  }

  /** The json forwarder's URL of a team at its token generation. */
  jsonUrl(teamId: string, tokenGeneration: number): string {
    return this.url(
      teamRoutePath(INBOX_WEBHOOK_PATHS.json, {
        team: teamId,
        token: this.keys.jsonToken(teamId, tokenGeneration),
      }),
    )
  }

  /** The URL a provider is told for `path` (as the providers' docs call it: the webhook URL). */
  url(path: string): string {
    return `${this.publicBase}${path}`
  }

  /**
   * The webhook URLs of a team: one per provider the server has a secret for (json always), and
   * android-sms-gateway's one per number (its `lines`); json's at the team's token generation.
   */
  webhooks(
    teamId: string,
    lines: readonly string[],
    tokenGeneration: number,
  ): { provider: InboxProvider; url: string }[] {
    const path = (provider: InboxProvider, extra: Record<string, string> = {}) =>
      this.url(teamRoutePath(INBOX_WEBHOOK_PATHS[provider], { team: teamId, ...extra }))
    const answer: { provider: InboxProvider; url: string }[] = []
    if (this.providers.twilioAuthToken !== undefined) answer.push({ provider: 'twilio', url: path('twilio') })
    if (this.providers.metaAppSecret !== undefined && this.providers.metaVerifyToken !== undefined) {
      answer.push({ provider: 'meta-whatsapp', url: path('meta-whatsapp') })
    }
    if (this.providers.androidSmsGatewaySigningKey !== undefined) {
      for (const line of lines) {
        answer.push({ provider: 'android-sms-gateway', url: path('android-sms-gateway', { line }) })
      }
    }
    answer.push({ provider: 'json', url: this.jsonUrl(teamId, tokenGeneration) })
    return answer
  }
}
