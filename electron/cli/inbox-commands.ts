import type { Command } from 'commander'
import type { AccountSummary } from '../../shared/domain/accounts.ts'
import { platformPresets } from '../../shared/domain/platforms.ts'
import { TwofoldError } from '../core/errors.ts'
import { formatCodeForDisplay } from '../core/inbox/extract-code.ts'
import type { InboxEntry } from '../core/inbox/inbox-entry.ts'
import type { InboxStatus } from '../core/team/team-inbox-admin.ts'
import type { CliContext, GlobalOptions } from './cli-context.ts'
import { findAccount } from './find-account.ts'
import { printJson, printLines } from './output.ts'

type WithVault = <T>(command: Command, work: (context: CliContext) => Promise<T> | T) => Promise<T>

const json = (command: Command) => command.optsWithGlobals<GlobalOptions>().json === true

/**
 * `twofold inbox`: the SMS and WhatsApp codes the team's code inbox received for the clients this
 * person holds, opened on this computer. Showing a code is recorded like `twofold code` does: in the
 * vault's audit log, and the team's when the code belongs to one account.
 */
export function addInboxCommand(program: Command, withVault: WithVault): void {
  program
    .command('inbox')
    .description('SMS and WhatsApp codes the team inbox received for the clients you hold, newest first')
    .option('--account <query>', 'only codes for this account (part of its handle, issuer or label)')
    .action(async (options: { account?: string }, command: Command) => {
      await withVault(command, async (context) => {
        // A message sealed after a rotation opens only with the client key a sync brings (and a new
        // account of the client arrives with it too).
        await context.backend.team.sync()
        const accounts = context.services.queries.list().accounts
        const byId = new Map(accounts.map((account) => [account.id, account]))
        const only = options.account ? findAccount(accounts, options.account).id : null
        const entries = (await context.backend.team.inbox()).filter(
          (entry) => entry.code !== null && (only === null || accountIdsOf(entry).includes(only)),
        )
        for (const entry of entries)
          // The team's log hears of it too; offline, the vault's own log still has it.
          await context.backend.team.reportInboxCodeCopied(entry.messageId).catch(() => undefined)
        if (json(command)) printJson(entries.map((entry) => inboxJson(entry, byId)))
        else if (entries.length === 0) printLines(['No codes in the inbox.'])
        else printLines(entries.map((entry) => inboxLine(entry, byId, Date.now())))
      })
    })
}

/**
 * `twofold team inbox enable|status|disable|rotate-token`: an admin registers a client's numbers and
 * gets the webhook URLs, checks whether the inbox works, turns a client's inbox off, or replaces the
 * json forwarder URL.
 */
export function addTeamInboxCommands(team: Command, withVault: WithVault): void {
  const inbox = team
    .command('inbox')
    .description('the team’s code inbox for SMS and WhatsApp codes (see docs/inbox.md)')
  inbox
    .command('enable')
    .description('register a team client’s SMS and WhatsApp numbers and print the webhook URL per provider')
    .argument('<client>', 'the team client')
    .option('--retention-hours <n>', 'how long the team’s messages are kept (default 24)', (value) => {
      const hours = Number(value)
      if (!Number.isInteger(hours) || hours < 1 || hours > 720)
        throw new TwofoldError('invalid-request', '--retention-hours takes a whole number from 1 to 720.')
      return hours
    })
    .action(async (client: string, options: { retentionHours?: number }, command: Command) => {
      await withVault(command, async (context) => {
        const enabled = await context.backend.team.enableInbox(
          client,
          options.retentionHours === undefined ? {} : { retentionHours: options.retentionHours },
        )
        if (json(command)) printJson({ client, ...enabled })
        else
          printLines([
            ...enabled.webhooks.map((webhook) => `${webhook.provider}: ${webhook.url}`),
            `${enabled.numbers} number(s) of ${client} registered; messages are kept ${enabled.retentionHours} h.`,
          ])
      })
    })
  inbox
    .command('status')
    .description(
      'per client with an inbox: its numbers, the messages kept and the last one; messages dropped for want of a registered number',
    )
    .action(async (_options: unknown, command: Command) => {
      await withVault(command, async (context) => {
        const status = await context.backend.team.inboxStatus()
        if (json(command)) printJson(status)
        else printLines(inboxStatusLines(status, Date.now()))
      })
    })
  inbox
    .command('disable')
    .description(
      'turn a team client’s code inbox off: its numbers, inbox key and stored messages are deleted',
    )
    .argument('<client>', 'the team client')
    .action(async (client: string, _options: unknown, command: Command) => {
      await withVault(command, async (context) => {
        const disabled = await context.backend.team.disableInbox(client)
        if (json(command)) printJson({ client, ...disabled })
        else
          printLines([
            `${client}’s code inbox is off: ${disabled.numbers} number(s) unregistered, ${disabled.messages} stored message(s) deleted.`,
            'Messages to those numbers are dropped and counted from now on (twofold team inbox status); enable it again to receive them.',
          ])
      })
    })
  inbox
    .command('rotate-token')
    .description(
      'replace the json forwarder URL (after removing anyone who saw it): the old URL stops working now',
    )
    .action(async (_options: unknown, command: Command) => {
      await withVault(command, async (context) => {
        const rotated = await context.backend.team.rotateInboxToken()
        if (json(command)) printJson({ webhooks: [{ provider: 'json', url: rotated.url }] })
        else
          printLines([
            `json: ${rotated.url}`,
            'The old json URL stops working now: give the forwarder this one. Other providers’ URLs are unchanged.',
          ])
      })
    })
}

function inboxStatusLines(status: InboxStatus, now: number): string[] {
  const lines =
    status.clients.length === 0
      ? ['No client has a code inbox: turn one on with twofold team inbox enable CLIENT.']
      : status.clients.map((client) => {
          const kept =
            client.lastReceivedAt === null
              ? 'no messages kept'
              : `${client.messages} message(s) kept, last at ${client.lastReceivedAt} (${ago(now, client.lastReceivedAt)})`
          return `${client.name}: ${client.numbers} number(s), ${kept}`
        })
  lines.push(`Messages are kept ${status.retentionHours} h.`)
  const dropped = status.dropped.reduce((sum, drop) => sum + drop.count, 0)
  const lastDrop = status.dropped
    .map((drop) => drop.lastAt)
    .sort()
    .at(-1)
  if (dropped === 0 || lastDrop === undefined) lines.push('No messages to unregistered numbers were dropped.')
  else {
    const perProvider = [...status.dropped]
      .sort((a, b) => b.count - a.count || a.provider.localeCompare(b.provider))
      .map((drop) => `${drop.provider} ${drop.count}`)
      .join(', ')
    lines.push(
      `${dropped} message(s) to unregistered numbers dropped (${perProvider}), last at ${lastDrop}: a number missing from a client’s accounts? Add it there and run twofold team inbox enable CLIENT again.`,
    )
  }
  return lines
}

function accountIdsOf(entry: InboxEntry): string[] {
  if (entry.match.kind === 'account') return [entry.match.accountId]
  if (entry.match.kind === 'shared-phone') return entry.match.accountIds
  return []
}

function inboxJson(entry: InboxEntry, byId: ReadonlyMap<string, AccountSummary>) {
  const account = entry.match.kind === 'account' ? byId.get(entry.match.accountId) : undefined
  const shared = entry.match.kind === 'shared-phone' ? entry.match.accountIds : []
  return {
    account: account?.handle ?? null,
    platform: account?.platform ?? entry.service,
    channel: entry.channel,
    code: entry.code,
    receivedAt: entry.receivedAt,
    from: entry.from,
    // The number protects several accounts and nothing told them apart: which one is the person's call.
    ...(shared.length > 0
      ? { sharedPhone: shared.map((id) => byId.get(id)?.handle ?? id), phone: entry.to }
      : {}),
  }
}

function inboxLine(entry: InboxEntry, byId: ReadonlyMap<string, AccountSummary>, now: number): string {
  const channel = entry.channel === 'sms' ? 'SMS' : 'WhatsApp'
  const parts = [`${channel} code ${formatCodeForDisplay(entry.code ?? '')}`, ago(now, entry.receivedAt)]
  const { match } = entry
  if (match.kind === 'account') {
    const account = byId.get(match.accountId)
    if (account) parts.push(described(account))
  } else if (match.kind === 'shared-phone') {
    const names = match.accountIds.map((id) => {
      const account = byId.get(id)
      return account ? described(account) : id
    })
    parts.push(`shared number ${entry.to}: one of ${names.join(', ')}`)
  } else parts.push(`no account of yours on ${entry.to}`)
  parts.push(`from ${entry.from}`)
  return parts.join(' · ')
}

function described(account: AccountSummary): string {
  const preset = platformPresets[account.platform]
  const handle = account.handle.startsWith(preset.handlePrefix)
    ? account.handle
    : `${preset.handlePrefix}${account.handle}`
  return `${handle} (${preset.name})`
}

function ago(now: number, at: string): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(at)) / 1000))
  if (seconds < 60) return `${seconds} s ago`
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`
  return `${Math.round(seconds / 3600)} h ago`
}
