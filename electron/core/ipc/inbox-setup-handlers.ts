import type { Client } from '../../../shared/domain/accounts.ts'
import type { InboxWebhookView } from '../../../shared/domain/inbox-setup-views.ts'
import type { InboxProvider } from '../../../shared/team/team-api.ts'
import type { Clipboard } from '../clipboard/clipboard.ts'
import { TwofoldError } from '../errors.ts'
import { inboxSetupPreview } from '../inbox/inbox-setup-preview.ts'
import type { InboxEnabled } from '../team/team-inbox-enable.ts'
import type { Vault } from '../vault/vault.ts'
import type { Handlers } from './dispatcher.ts'

type InboxSetupChannels = 'inbox:setup-preview' | 'inbox:enable' | 'inbox:copy-webhook'

export interface InboxSetupParts {
  vault: Vault
  /** TeamService: refuses a member (`team-forbidden`) and a client not shared with the team. */
  team: {
    enableInbox(clientName: string, options: { retentionHours?: number }): Promise<InboxEnabled>
  }
  clipboard: Clipboard
  clients: () => readonly Client[]
  accountsOf: (clientId: string) => readonly Parameters<typeof inboxSetupPreview>[1][number][]
}

/**
 * Turning a client's code inbox on from the manager. The webhook URLs the server answers stay here:
 * the json one ends in the team's forwarder token (anyone holding it can post messages), so the
 * window shows it masked and main copies the real one; all of them are forgotten at lock.
 */
export function inboxSetupHandlers(parts: InboxSetupParts): Pick<Handlers, InboxSetupChannels> {
  const { vault } = parts
  const webhooksByClient = new Map<string, { provider: InboxProvider; url: string }[]>()
  vault.onStateChanged((status) => {
    if (status.state !== 'unlocked') webhooksByClient.clear()
  })
  function clientOf(clientId: string): Client {
    vault.requireUnlockedDatabase()
    const client = parts.clients().find((each) => each.id === clientId)
    if (!client) throw new TwofoldError('client-not-found', 'That client is not in this vault any more.')
    return client
  }
  return {
    'inbox:setup-preview': (request) => {
      const client = clientOf(request.clientId)
      return Promise.resolve(inboxSetupPreview(client.name, parts.accountsOf(client.id)))
    },
    'inbox:enable': async (request) => {
      const client = clientOf(request.clientId)
      const enabled = await parts.team.enableInbox(
        client.name,
        request.retentionHours === undefined ? {} : { retentionHours: request.retentionHours },
      )
      webhooksByClient.set(client.id, enabled.webhooks)
      return {
        numbers: enabled.numbers,
        retentionHours: enabled.retentionHours,
        webhooks: enabled.webhooks.map(webhookView),
      }
    },
    'inbox:copy-webhook': async (request) => {
      const client = clientOf(request.clientId)
      const webhook = webhooksByClient.get(client.id)?.find((each) => webhookView(each).url === request.url)
      if (!webhook)
        throw new TwofoldError(
          'invalid-request',
          `Set up ${client.name}’s inbox again to see its webhook URLs: Twofold keeps them only until it locks.`,
        )
      await parts.clipboard.writeText(webhook.url)
      return {}
    },
  }
}

/** The json URL's last segment is the team's token: shown as dots, like a password field. */
export function webhookView(webhook: { provider: InboxProvider; url: string }): InboxWebhookView {
  if (webhook.provider !== 'json') return { provider: webhook.provider, url: webhook.url, masked: false }
  const cut = webhook.url.lastIndexOf('/')
  return { provider: 'json', url: `${webhook.url.slice(0, cut + 1)}${'•'.repeat(12)}`, masked: true }
}
