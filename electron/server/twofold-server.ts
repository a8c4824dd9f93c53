/**
 * `twofold-server`: the team server. `start` serves the team API in front of PostgreSQL (a URL's, or
 * an embedded one in --data DIR); `setup-code` prints the one-time code that lets one team be created.
 * Failures print one line on stderr and exit non-zero.
 */
import { Command, CommanderError } from 'commander'
import { ClusterError } from './database/postgres-cluster.ts'
import { DatabaseUnavailableError } from './database/open-database.ts'
import { SchemaTooNewError } from './database/migrate.ts'
import { issueSetupCode } from './database/setup-codes.ts'
import type { InboxStartOptions } from './inbox/inbox-options.ts'
import { chooseDatabase, DEFAULT_LISTEN, ServerOptionsError } from './server-options.ts'
import { openChosenDatabase, startServer, type RunningServer } from './start-server.ts'
import { plainPublicUrlWarning } from './public-url-warning.ts'

interface DatabaseOptions {
  databaseUrl?: string
  data?: string
}

interface StartOptions extends DatabaseOptions, InboxStartOptions {
  listen: string
  tlsCert?: string
  tlsKey?: string
  publicUrl?: string
  log: boolean
  trustProxy: boolean
}

const program = new Command()
  .name('twofold-server')
  .description('The Twofold team server: end-to-end encrypted team vaults on PostgreSQL')
  .showHelpAfterError()
  .exitOverride()

const databaseHelp = {
  url: 'PostgreSQL URL (default: $DATABASE_URL); its user owns the schema',
  data: 'run an embedded PostgreSQL in DIR (the default without a URL: the user’s data folder)',
}

/** Resolves once SIGINT or SIGTERM arrives; listening starts at once, so a signal during start-up counts. */
function stopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'))
    process.once('SIGTERM', () => resolve('SIGTERM'))
  })
}

program
  .command('start')
  .description(
    'serve the team API; prints "listening on <url>" when ready, and until a team exists the setup code that creates it',
  )
  .option('--database-url <url>', databaseHelp.url)
  .option('--data <dir>', databaseHelp.data)
  .option('--listen <host:port>', 'address to listen on; plain HTTP only on loopback', DEFAULT_LISTEN)
  .option('--tls-cert <file>', 'TLS certificate chain (PEM)')
  .option('--tls-key <file>', 'TLS private key (PEM)')
  .option('--public-url <url>', 'the URL devices reach this server at (default: the listen address)')
  .option('--log', 'log each request (method, path, status; never bodies or headers)', false)
  .option('--trust-proxy', 'behind a load balancer: take client addresses from X-Forwarded-For', false)
  .option(
    '--inbox-secret-file <file>',
    'the code inbox secret (default: $TWOFOLD_INBOX_SECRET, else inbox-secret in the data folder, made on first start)',
  )
  .option('--twilio-auth-token-file <file>', 'Twilio auth token (default: $TWILIO_AUTH_TOKEN)')
  .option('--meta-app-secret-file <file>', 'WhatsApp Cloud API app secret (default: $META_APP_SECRET)')
  .option('--meta-verify-token-file <file>', 'WhatsApp webhook verify token (default: $META_VERIFY_TOKEN)')
  .option(
    '--android-sms-gateway-signing-key-file <file>',
    'android-sms-gateway webhook signing key (default: $ANDROID_SMS_GATEWAY_SIGNING_KEY)',
  )
  .action(async (options: StartOptions) => {
    const warning = plainPublicUrlWarning(options.publicUrl)
    if (warning) process.stderr.write(`twofold-server: ${warning}\n`)
    const stopping = stopSignal()
    const started = startServer(options)
    const first = await Promise.race([started, stopping])
    const server: RunningServer = typeof first === 'string' ? await started : first
    if (typeof first !== 'string') {
      process.stdout.write(`listening on ${server.url}\n`)
      // Until a team exists, each start prints the code that creates it: start, then Settings → Team.
      const setupCode = await server.firstSetupCode()
      if (setupCode)
        process.stdout.write(
          `setup code ${setupCode} creates your team once: in Twofold, Settings → Team → Create a team\n`,
        )
      await stopping
    }
    await server.close()
  })

program
  .command('setup-code')
  .description(
    'print a fresh one-time code that lets exactly one team be created (earlier unused codes stop working)',
  )
  .option('--database-url <url>', databaseHelp.url)
  .option('--data <dir>', databaseHelp.data)
  .action(async (options: DatabaseOptions) => {
    // Beside a running `start` on the same DIR, its PostgreSQL is used as it is.
    const { database, embedded } = await openChosenDatabase(chooseDatabase(options), {
      attachToRunning: true,
    })
    try {
      process.stdout.write(`${await issueSetupCode(database.pool)}\n`)
    } finally {
      await database.close()
      await embedded?.stop()
    }
  })

/** Our own refusals carry a message written for the terminal; anything else is named, not quoted. */
function describe(error: unknown): string {
  if (
    error instanceof ServerOptionsError ||
    error instanceof ClusterError ||
    error instanceof DatabaseUnavailableError ||
    error instanceof SchemaTooNewError
  ) {
    return error.message
  }
  if (error instanceof Error && (error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    return 'the --listen address is already in use'
  }
  return `something went wrong (${error instanceof Error ? `${error.name}: ${error.message.split('\n')[0]}` : 'unknown error'})`
}

export async function main(argv: readonly string[]): Promise<number> {
  try {
    await program.parseAsync(argv)
    return 0
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2
    process.stderr.write(`twofold-server: ${describe(error)}\n`)
    return 1
  }
}

process.exitCode = await main(process.argv)
// Idle pooled connections or a stray timer must not keep a stopped server alive.
process.exit()
