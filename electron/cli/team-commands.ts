import type { Command } from 'commander'
import { TwofoldError } from '../core/errors.ts'
import type { CliContext, GlobalOptions } from './cli-context.ts'
import { addTeamInboxCommands } from './inbox-commands.ts'
import { addTeamConflictCommands } from './team-conflict-commands.ts'
import { printJson, printLines, printTable, warn } from './output.ts'

type WithVault = <T>(command: Command, work: (context: CliContext) => Promise<T> | T) => Promise<T>

/** `twofold team …`: the team vault from this computer, over the same backend as the app. */
export function addTeamCommands(program: Command, withVault: WithVault): void {
  const json = (command: Command) => command.optsWithGlobals<GlobalOptions>().json === true
  const team = program
    .command('team')
    .description('share clients’ accounts with a team, end-to-end encrypted')

  team
    .command('create')
    .description('create a team on a twofold-server with its one-time setup code')
    .requiredOption('--server <url>', 'the team server (https://…; plain http only to this computer)')
    .requiredOption('--setup-code <code>', 'the code twofold-server setup-code printed')
    .requiredOption('--name <team>', 'the team’s name')
    .option('--member-name <name>', 'your name in the team (default: your user name)')
    .action(
      async (
        options: { server: string; setupCode: string; name: string; memberName?: string },
        command: Command,
      ) => {
        await withVault(command, async (context) => {
          const created = await context.backend.team.create({
            server: options.server,
            setupCode: options.setupCode,
            teamName: options.name,
            ...(options.memberName ? { memberName: options.memberName } : {}),
          })
          if (json(command)) printJson(created)
          else
            printLines([
              `Team ${created.team} created; you are its owner.`,
              `This device: ${created.fingerprint}`,
            ])
        })
      },
    )

  team
    .command('invite')
    .description('print an invite code (one line) for a new member')
    .argument('<name>', 'the new member’s name')
    .option('--clients <names>', 'comma-separated team clients to grant, e.g. "Acme,Lumen"')
    .option('--admin', 'an admin: holds every client and can invite')
    .action(async (name: string, options: { clients?: string; admin?: boolean }, command: Command) => {
      await withVault(command, async (context) => {
        const clientNames = (options.clients ?? '')
          .split(',')
          .map((entry) => entry.trim())
          .filter(Boolean)
        const { code } = await context.backend.team.invite({
          name,
          clientNames,
          admin: options.admin === true,
        })
        if (json(command)) printJson({ code })
        else printLines([code])
      })
    })

  team
    .command('add-device')
    .description('print an invite code (one line) for another device of a member: it joins with team join')
    .argument('<name>', 'the member, as `team members` shows them')
    .action(async (name: string, _options, command: Command) => {
      await withVault(command, async (context) => {
        const { code } = await context.backend.team.addDevice(name)
        if (json(command)) printJson({ member: name, code })
        else printLines([code])
      })
    })

  team
    .command('join')
    .description('join a team with an invite code (a new member’s, or add-device’s for one more device)')
    .argument('[code]', 'the invite code (or --code-stdin: argv shows in ps and shell history)')
    .option('--code-stdin', 'read the invite code from stdin (after the vault password, if any)')
    .option('--name <name>', 'your name in the team (not with an add-device code: it joins that member)')
    .action(
      async (code: string | undefined, options: { codeStdin?: boolean; name?: string }, command: Command) => {
        await withVault(command, async (context) => {
          if (code !== undefined && options.codeStdin)
            throw new TwofoldError('invalid-request', 'Give the invite code or --code-stdin, not both.')
          const text = options.codeStdin ? context.stdinSecret('invite code', '--code-stdin') : code
          if (!text) throw new TwofoldError('invalid-request', 'Give the invite code, or --code-stdin.')
          const joined = await context.backend.team.join({
            code: text,
            ...(options.name ? { memberName: options.name } : {}),
          })
          if (json(command)) printJson(joined)
          else
            printLines([
              joined.anotherDevice
                ? `Added this device to ${joined.member} in ${joined.team}; an admin’s Twofold confirms it at its next sync.`
                : `Joined ${joined.team}; an admin’s Twofold confirms this device at its next sync.`,
              `This device: ${joined.fingerprint} (compare it with the admin’s twofold team members)`,
            ])
        })
      },
    )

  team
    .command('sync')
    .description('pull and push team changes (admins: also confirm verified joins)')
    .action(async (_options, command: Command) => {
      await withVault(command, async (context) => {
        const result = await context.backend.team.sync()
        for (const join of result.joins) if (join.problem) warn(`warning: ${join.problem}`)
        if (json(command)) printJson(result)
        else
          printLines([
            `Synced: ${result.pulled} received, ${result.pushed} sent.`,
            ...result.joins
              .filter((join) => join.confirmed)
              .map((join) => `Confirmed ${join.member}’s device.`),
            ...(result.conflicts.length
              ? [`${result.conflicts.length} account(s) changed on two devices: see twofold flags.`]
              : []),
          ])
      })
    })

  team
    .command('share')
    .description('a local client and its accounts join the team')
    .argument('<client>')
    .action(async (client: string, _options, command: Command) => {
      await withVault(command, async (context) => {
        const { accounts } = await context.backend.team.share(client)
        if (json(command)) printJson({ client, accounts })
        else printLines([`Shared ${client} with the team (${accounts} accounts).`])
      })
    })

  team
    .command('grant')
    .description('give a member a team client')
    .argument('<name>')
    .argument('<client>')
    .action(async (name: string, client: string, _options, command: Command) => {
      await withVault(command, async (context) => {
        await context.backend.team.grant(name, client)
        if (json(command)) printJson({ member: name, client })
        else printLines([`${name} now holds ${client}.`])
      })
    })

  team
    .command('revoke')
    .description('take a team client from a member (its key is rotated)')
    .argument('<name>')
    .argument('<client>')
    .action(async (name: string, client: string, _options, command: Command) => {
      await withVault(command, async (context) => {
        await context.backend.team.revoke(name, client)
        if (json(command)) printJson({ member: name, client })
        else printLines([`${name} no longer holds ${client}; its key was replaced.`])
      })
    })

  team
    .command('remove')
    .description('remove a member: refused at once, every client they held rotated')
    .argument('<name>')
    .action(async (name: string, _options, command: Command) => {
      await withVault(command, async (context) => {
        const { rotated } = await context.backend.team.remove(name)
        if (json(command)) printJson({ member: name, rotated })
        else
          printLines([
            `Removed ${name}; ${rotated} client key(s) replaced.`,
            'Their accounts are flagged exposed-to-former-member: replace those secrets and backup codes.',
          ])
      })
    })

  team
    .command('make-admin')
    .description('make a member an admin: they hold every shared client and can invite, grant and remove')
    .argument('<name>')
    .action(async (name: string, _options, command: Command) => {
      await withVault(command, async (context) => {
        const { clients } = await context.backend.team.makeAdmin(name)
        if (json(command)) printJson({ member: name, role: 'admin', clients })
        else printLines([`${name} is now an admin and holds every shared client (${clients}).`])
      })
    })

  team
    .command('make-member')
    .description('make an admin a member again (owner only): every client not kept is re-keyed')
    .argument('<name>')
    .option(
      '--keep-clients <names>',
      'comma-separated team clients they keep, e.g. "Acme,Lumen" (default none)',
    )
    .action(async (name: string, options: { keepClients?: string }, command: Command) => {
      await withVault(command, async (context) => {
        const keep = (options.keepClients ?? '')
          .split(',')
          .map((entry) => entry.trim())
          .filter((entry) => entry.length > 0)
        const { kept, rotated } = await context.backend.team.makeMember(name, keep)
        if (json(command)) printJson({ member: name, role: 'member', kept, rotated })
        else
          printLines([
            `${name} is now a member holding ${kept} client(s); ${rotated} client key(s) replaced.`,
            ...(rotated > 0
              ? ['Accounts of the clients they no longer hold are flagged exposed-to-former-member.']
              : []),
          ])
      })
    })

  team
    .command('remove-device')
    .description(
      'remove one device (lost, sold, replaced) named by its fingerprint: refused at once, its clients rotated',
    )
    .argument('<fingerprint>', 'as `team members` shows it (spaces optional)')
    .action(async (fingerprint: string, _options, command: Command) => {
      await withVault(command, async (context) => {
        const { rotated } = await context.backend.team.removeDevice(fingerprint)
        if (json(command)) printJson({ device: fingerprint, rotated })
        else
          printLines([
            `Removed the device; ${rotated} client key(s) replaced.`,
            'Accounts it could read are flagged exposed-to-former-member: replace those secrets and backup codes.',
          ])
      })
    })

  team
    .command('members')
    .description('the team’s members, their clients and the fingerprints of their devices')
    .action(async (_options, command: Command) => {
      await withVault(command, async (context) => {
        const members = await context.backend.team.members()
        if (json(command)) printJson(members)
        else
          printTable([
            ['NAME', 'ROLE', 'STATUS', 'CLIENTS', 'FINGERPRINT'],
            ...members.map((member) => [
              member.name,
              member.role,
              member.status,
              member.clients.join(',') || '-',
              member.devices
                .map((device) => `${device.fingerprint}${device.status === 'pending' ? ' (pending)' : ''}`)
                .join(', ') || '-',
            ]),
          ])
      })
    })

  team
    .command('status')
    .description('this device’s team, role, connection and pending changes')
    .action(async (_options, command: Command) => {
      await withVault(command, async (context) => {
        const status = await context.backend.team.status()
        if (json(command)) printJson(status)
        else
          printLines([
            `Team ${status.team} on ${status.server} (${status.online ? 'online' : 'offline'})`,
            `You: ${status.member}, ${status.role}; this device ${status.device}, ${status.fingerprint}`,
            `Last sync: ${status.lastSync ?? 'never'}; ${status.pending} change(s) waiting to be sent`,
          ])
      })
    })

  team
    .command('audit')
    .description('the team server’s audit log, newest first')
    .option('--limit <n>', 'how many entries', (value) => Number.parseInt(value, 10), 50)
    .option('--verify', 'check the whole hash chain up to the newest entry')
    .action(async (options: { limit: number; verify?: boolean }, command: Command) => {
      await withVault(command, async (context) => {
        const audit = await context.backend.team.audit({
          limit: options.limit,
          verify: options.verify === true,
        })
        // A broken chain is the answer: the entries it would list cannot be trusted, so only the error shows.
        if (audit.verified && !audit.verified.ok)
          throw new TwofoldError(
            'vault-tampered',
            `The team audit log is broken at entry ${audit.verified.seq}: ${audit.verified.reason}.`,
          )
        if (json(command)) printJson(audit)
        else {
          printTable(
            audit.entries.map((entry) => [
              String(entry.seq),
              entry.at,
              entry.kind,
              entry.reported ? 'reported' : 'server',
              JSON.stringify(entry.subject),
            ]),
          )
          if (audit.verified?.ok) printLines([`Audit chain OK: ${audit.verified.entries} entries.`])
        }
      })
    })

  addTeamConflictCommands(team, withVault)
  addTeamInboxCommands(team, withVault)
}
