/**
 * `twofold`: the command line over the same core and the same vault as the app. Every read command
 * takes --json; success exits 0, failure prints one line on stderr and exits non-zero.
 */
import { Command, CommanderError, Option } from 'commander'
import type { AccountSummary } from '../../shared/domain/accounts.ts'
import { flagKinds, type PostureFlag } from '../../shared/domain/flags.ts'
import { platformIds, platformPresets, type PlatformId } from '../../shared/domain/platforms.ts'
import { isTwofoldError, TwofoldError } from '../core/errors.ts'
import { CliContext, type GlobalOptions } from './cli-context.ts'
import { addEditCommand } from './edit-command.ts'
import { findAccount } from './find-account.ts'
import { addInboxCommand } from './inbox-commands.ts'
import { printJson, printLines, printTable, warn } from './output.ts'
import { addTeamCommands } from './team-commands.ts'
import { addTransferCommands } from './transfer-commands.ts'

const program = new Command()
  .name('twofold')
  .description('2FA codes, backup codes and posture flags for many accounts, from the Twofold vault')
  .option('--vault <dir>', 'vault folder (default: $TWOFOLD_HOME, else the app’s folder)')
  .option('--json', 'print JSON')
  .option(
    '--password-stdin',
    'read passwords from stdin, one per line: the vault’s first (if it has one), then a file’s',
  )
  .option(
    '--recovery-key-stdin',
    'unlock with the recovery key on the first line of stdin (keychain item lost, password forgotten)',
  )
  .showHelpAfterError()
  .exitOverride()

const vaultOptions = (): GlobalOptions => program.opts<GlobalOptions>()

async function withVault<T>(_command: Command, work: (context: CliContext) => Promise<T> | T): Promise<T> {
  const context = new CliContext(vaultOptions())
  try {
    await context.unlock()
    return await work(context)
  } finally {
    context.close()
  }
}

const json = (command: Command) => command.optsWithGlobals<GlobalOptions>().json === true

function accountJson(account: AccountSummary) {
  return {
    id: account.id,
    platform: account.platform,
    handle: account.handle,
    issuer: account.issuer,
    label: account.label,
    client: account.clientName,
    methods: account.methods,
  }
}

function flagJson(flag: PostureFlag, byId: Map<string, AccountSummary>) {
  return {
    kind: flag.kind,
    severity: flag.severity,
    accounts: flag.accountIds.map((id) => ({
      id,
      handle: byId.get(id)?.handle ?? id,
      platform: byId.get(id)?.platform,
    })),
    ...(flag.phone ? { phone: flag.phone } : {}),
    message: flag.message,
  }
}

function methodBadges(account: AccountSummary): string {
  const { authenticator, sms, whatsapp, backupCodes } = account.methods
  return (
    [
      authenticator?.enabled ? 'app' : '',
      sms?.enabled ? 'sms' : '',
      whatsapp?.enabled ? 'whatsapp' : '',
      backupCodes ? `backup ${backupCodes.unused}/${backupCodes.total}` : '',
    ]
      .filter(Boolean)
      .join(',') || '-'
  )
}

program
  .command('init')
  .description('create a vault (keychain-backed; with --password-stdin also a password)')
  .action(async (_options, command: Command) => {
    const context = new CliContext(vaultOptions())
    try {
      const { creationId, recoveryKey, passwordRequired } = await context.vault.prepareCreate()
      const password = context.password()
      if (passwordRequired && password === undefined) {
        throw new TwofoldError(
          'password-required',
          'No system keychain is available, so the vault needs a password: pass one with --password-stdin.',
        )
      }
      // The person reads the key right here, so the CLI confirms it on their behalf.
      const status = await context.vault.create({
        creationId,
        recoveryKeyConfirmation: recoveryKey,
        password,
      })
      if (json(command)) printJson({ location: status.location, recoveryKey, slots: status.slots })
      else
        printLines([
          `Vault created in ${status.location}.`,
          '',
          `Recovery key: ${recoveryKey}`,
          '',
          'Write the recovery key down and keep it offline. It opens the vault if the keychain item or',
          'the password is lost; Twofold will not show it again.',
        ])
    } finally {
      context.close()
    }
  })

program
  .command('add')
  .description('add an account from an otpauth:// URI or from fields')
  .option('--uri <otpauth-uri>', 'otpauth:// link (from a QR code); seen by ps and shell history')
  .option('--uri-stdin', 'read the otpauth:// link from stdin instead (after the vault password, if any)')
  .addOption(new Option('--platform <platform>', 'platform preset').choices(platformIds))
  .option('--handle <handle>', 'the account’s handle or user name')
  .option('--client <name>', 'the client (agency customer) it belongs to')
  .option('--sms <phone>', 'phone number for SMS codes')
  .option('--whatsapp <phone>', 'phone number for WhatsApp codes')
  .option('--secret <base32>', 'authenticator secret, Base32; seen by ps and shell history')
  .option('--secret-stdin', 'read the secret from stdin instead (after the vault password, if any)')
  .addOption(
    new Option('--type <type>', 'code type for --secret').choices(['totp', 'hotp', 'steam']).default('totp'),
  )
  .addOption(
    new Option('--algorithm <name>', 'HMAC for --secret')
      .choices(['SHA1', 'SHA256', 'SHA512'])
      .default('SHA1'),
  )
  .option('--digits <n>', 'digits for --secret', (value) => Number.parseInt(value, 10), 6)
  .option('--period <seconds>', 'period for --secret', (value) => Number.parseInt(value, 10), 30)
  .option('--verify <code>', 'the code the service shows now, to check the secret before saving')
  .option('--notes <text>', 'notes')
  .action(async (options: Record<string, string | number | boolean | undefined>, command: Command) => {
    await withVault(command, (context) => {
      const platform = (options.platform as PlatformId | undefined) ?? 'generic'
      const { uri, secret } = secretsToAdd(options, context)
      if (!uri && !options.handle)
        throw new TwofoldError('invalid-request', 'Give --uri, or --platform and --handle.')
      const request = {
        platform,
        handle: String(options.handle ?? ''),
        ...(options.client ? { clientName: String(options.client) } : {}),
        ...(options.sms ? { sms: String(options.sms) } : {}),
        ...(options.whatsapp ? { whatsapp: String(options.whatsapp) } : {}),
        ...(options.notes ? { notes: String(options.notes) } : {}),
        ...(options.verify ? { verificationCode: String(options.verify) } : {}),
        ...(uri
          ? { authenticator: { source: 'uri' as const, uri } }
          : secret
            ? {
                authenticator: {
                  source: 'manual' as const,
                  secret,
                  type: options.type as 'totp' | 'hotp' | 'steam',
                  algorithm: options.algorithm as 'SHA1' | 'SHA256' | 'SHA512',
                  digits: Number(options.digits),
                  period: Number(options.period),
                },
              }
            : {}),
      }
      // Rules never block a save, but a person hears about a shared number before it is saved.
      for (const warning of context.services.editing.previewAdd(request)) warn(`warning: ${warning.message}`)
      const { account, flags } = context.services.editing.add(request)
      if (json(command))
        printJson({
          account: accountJson(account),
          flags: flags.map((flag) => ({ kind: flag.kind, severity: flag.severity, message: flag.message })),
        })
      else
        printLines([
          `Added ${platformPresets[account.platform].name} account ${account.handle} (${account.id}).`,
        ])
    })
  })

/**
 * The secret of `add`, from stdin (`--secret-stdin`, `--uri-stdin`) or, still accepted, from argv with
 * a warning: argv is visible to every user in `ps` and lands in shell history.
 */
function secretsToAdd(
  options: Record<string, string | number | boolean | undefined>,
  context: CliContext,
): { uri: string | undefined; secret: string | undefined } {
  const given = ['uri', 'uriStdin', 'secret', 'secretStdin'].filter((name) => options[name] !== undefined)
  if (given.length > 1)
    throw new TwofoldError('invalid-request', 'Give one of --uri, --uri-stdin, --secret and --secret-stdin.')
  if (options.uri !== undefined || options.secret !== undefined)
    warn(
      'warning: a secret in the command line shows in ps and shell history; use --secret-stdin or --uri-stdin.',
    )
  return {
    uri: options.uriStdin
      ? context.stdinSecret('otpauth:// link', '--uri-stdin')
      : (options.uri as string | undefined),
    secret: options.secretStdin
      ? context.stdinSecret('authenticator secret', '--secret-stdin')
      : (options.secret as string | undefined),
  }
}

program
  .command('list')
  .description('list accounts')
  .option('--client <name>', 'only this client’s accounts')
  .addOption(new Option('--flag <kind>', 'only accounts with this flag').choices(flagKinds))
  .action(async (options: { client?: string; flag?: (typeof flagKinds)[number] }, command: Command) => {
    await withVault(command, (context) => {
      const clientId = context.clientId(options.client)
      const { accounts } = context.services.queries.list({
        ...(clientId ? { clientId } : {}),
        ...(options.flag ? { flag: options.flag } : {}),
      })
      if (json(command))
        printJson(
          accounts.map((account) => ({
            ...accountJson(account),
            ...(context.backend.team.isTeamAccount(account.id) ? { team: true } : {}),
          })),
        )
      else if (accounts.length === 0) printLines(['No accounts.'])
      else
        printTable([
          ['PLATFORM', 'HANDLE', 'CLIENT', 'METHODS'],
          ...accounts.map((account) => [
            account.platform,
            account.handle,
            account.clientName ?? '-',
            methodBadges(account),
          ]),
        ])
    })
  })

program
  .command('code')
  .description('print the current code of one account')
  .argument('<query>', 'part of the handle, issuer or label')
  .option('--at <unix-seconds>', 'the code at this time instead of now', (value) => {
    const seconds = Number(value)
    if (!Number.isFinite(seconds) || seconds < 0)
      throw new TwofoldError('invalid-request', '--at takes Unix seconds.')
    return seconds
  })
  .action(async (query: string, options: { at?: number }, command: Command) => {
    await withVault(command, async (context) => {
      const account = findAccount(context.services.queries.list().accounts, query)
      const nowMs = options.at === undefined ? Date.now() : options.at * 1000
      const [view] = context.services.codes.codes([account.id], nowMs)
      if (!view)
        throw new TwofoldError(
          'method-not-allowed',
          `${account.handle} has no authenticator secret in Twofold.`,
        )
      context.services.codes.recordCodeUse(account.id)
      // The team's audit log hears of it too; offline, the code still works and the local log has it.
      if (context.backend.team.isTeamAccount(account.id))
        await context.backend.team.reportCodeCopied(account.id).catch(() => undefined)
      if (json(command))
        printJson({
          account: account.handle,
          code: view.code,
          validFrom: view.validFrom,
          validUntil: view.validUntil,
        })
      else printLines([view.code])
    })
  })

program
  .command('flags')
  .description('posture flags across all accounts')
  .action(async (_options, command: Command) => {
    await withVault(command, (context) => {
      const { accounts, flags } = context.services.queries.list()
      const byId = new Map(accounts.map((account) => [account.id, account]))
      if (json(command)) printJson(flags.map((flag) => flagJson(flag, byId)))
      else if (flags.length === 0) printLines(['No flags.'])
      else
        printLines(flags.map((flag) => `${flag.severity.padEnd(8)} ${flag.kind.padEnd(22)} ${flag.message}`))
    })
  })

const backupCodes = program.command('backup-codes').description('backup codes: set, status, use-next')

backupCodes
  .command('set')
  .description('replace an account’s backup codes with the ones on stdin (one per line, any layout)')
  .argument('<account>')
  .action(async (query: string, _options, command: Command) => {
    await withVault(command, async (context) => {
      const account = findAccount(context.services.queries.list().accounts, query)
      const codes = context.backend.teamAwareBackupCodes
      const updated = await codes.set(account.id, context.stdinLines().join('\n'))
      const status = updated.methods.backupCodes
      if (json(command))
        printJson({ account: account.handle, total: status?.total ?? 0, unused: status?.unused ?? 0 })
      else
        printLines([
          `Stored ${status?.total ?? 0} backup codes for ${account.handle}${status?.shared ? ' on the team server' : ''}.`,
        ])
    })
  })

backupCodes
  .command('status')
  .description('how many backup codes are left')
  .argument('[account]')
  .action(async (query: string | undefined, _options, command: Command) => {
    await withVault(command, (context) => {
      const { accounts } = context.services.queries.list()
      const chosen = query
        ? [findAccount(accounts, query)]
        : accounts.filter((account) => account.methods.backupCodes)
      const rows = chosen.map((account) => {
        const status = context.backend.teamAwareBackupCodes.status(account.id)
        return {
          account: account.handle,
          total: status.total,
          unused: status.unused,
          used: status.used,
          replacedAt: status.replacedAt,
        }
      })
      if (json(command)) printJson(query ? rows[0] : rows)
      else
        printTable([
          ['ACCOUNT', 'UNUSED', 'TOTAL'],
          ...rows.map((row) => [row.account, String(row.unused), String(row.total)]),
        ])
    })
  })

backupCodes
  .command('use-next')
  .description('print the next unused backup code and mark it used')
  .argument('<account>')
  .action(async (query: string, _options, command: Command) => {
    await withVault(command, async (context) => {
      const account = findAccount(context.services.queries.list().accounts, query)
      // A team account's codes are claimed on the server, each handed to one device only.
      const { code, remaining, earlierClaims } = await context.backend.teamAwareBackupCodes.useNext(
        account.id,
      )
      if (json(command))
        printJson({ account: account.handle, code, remaining, ...(earlierClaims ? { earlierClaims } : {}) })
      else {
        printLines([code])
        warn(`${remaining} unused backup code${remaining === 1 ? '' : 's'} left for ${account.handle}.`)
        if (earlierClaims && earlierClaims.length > 0)
          warn(
            `Also used from this set: ${earlierClaims.map((claim) => `${claim.member} ${claim.at}`).join('; ')}.`,
          )
      }
    })
  })

program
  .command('audit')
  .description('the audit log, newest first')
  .option('--limit <n>', 'how many entries', (value) => Number.parseInt(value, 10), 50)
  .option('--verify', 'check that no entry was altered, added or removed outside Twofold')
  .action(async (options: { limit: number; verify?: boolean }, command: Command) => {
    await withVault(command, (context) => {
      if (options.verify) {
        const result = context.services.audit.verify()
        if (json(command)) printJson(result)
        else if (result.ok) printLines([`Audit log OK: ${result.entries} entries, none altered or removed.`])
        if (!result.ok)
          throw new TwofoldError(
            'vault-tampered',
            `The audit log is broken at entry ${result.brokenAt}: ${result.problem}.`,
          )
        return
      }
      if (!Number.isInteger(options.limit) || options.limit < 1)
        throw new TwofoldError('invalid-request', '--limit takes a positive number.')
      const entries = context.services.audit.list({ limit: options.limit })
      if (json(command)) printJson(entries)
      else
        printTable(
          entries.map((entry) => [entry.at, entry.actor, entry.action, entry.accountId ?? '-', entry.detail]),
        )
    })
  })

addEditCommand(program, withVault)
addTransferCommands(program, withVault)
addTeamCommands(program, withVault)
addInboxCommand(program, withVault)

export async function main(argv: readonly string[]): Promise<number> {
  try {
    await program.parseAsync(argv)
    return 0
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version print and exit 0; usage errors were already printed by commander.
      return error.exitCode === 0 ? 0 : 2
    }
    if (isTwofoldError(error)) {
      process.stderr.write(`twofold: ${error.message}\n`)
      return 1
    }
    // Unexpected: name only, since an error's text can quote data.
    process.stderr.write(
      `twofold: something went wrong (${error instanceof Error ? error.name : 'unknown error'}).\n`,
    )
    return 1
  }
}

process.exitCode = await main(process.argv)
