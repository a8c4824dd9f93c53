import { readFile } from 'node:fs/promises'
import { Server as TlsServer } from 'node:tls'
import type { FastifyInstance } from 'fastify'
import { startEmbeddedPostgres, type RunningEmbeddedPostgres } from './database/embedded-postgres.ts'
import { openDatabase, type Database } from './database/open-database.ts'
import { anyTeamCreated, issueSetupCode } from './database/setup-codes.ts'
import { createApp, type CreateAppOptions } from './http/create-app.ts'
import { resolveInboxOptions, type InboxStartOptions } from './inbox/inbox-options.ts'
import {
  chooseDatabase,
  isLoopback,
  listenUrl,
  parseListen,
  ServerOptionsError,
  type DatabaseChoice,
} from './server-options.ts'

export interface StartServerOptions extends InboxStartOptions {
  databaseUrl?: string
  data?: string
  listen: string
  tlsCert?: string
  tlsKey?: string
  publicUrl?: string
  /** Fastify's request log (method, URL, status: never bodies or headers). */
  log?: boolean
  /** Behind a load balancer: the client's address comes from X-Forwarded-For. */
  trustProxy?: boolean
  /** Builds the HTTP app: the team API unless a test gives another. */
  createApp?: (options: CreateAppOptions) => FastifyInstance
}

export interface RunningServer {
  url: string
  /**
   * On a database where no team was created yet, a fresh one-time setup code (earlier unused ones stop
   * working), so one start is all a first team needs; null once a team exists.
   */
  firstSetupCode(): Promise<string | null>
  /** Stops accepting, lets requests in flight finish, ends event streams, the pool, the embedded server. */
  close(): Promise<void>
}

async function readTls(options: StartServerOptions): Promise<CreateAppOptions['https']> {
  if ((options.tlsCert === undefined) !== (options.tlsKey === undefined)) {
    throw new ServerOptionsError('give both --tls-cert and --tls-key')
  }
  if (options.tlsCert === undefined || options.tlsKey === undefined) return undefined
  const read = (path: string, what: string) =>
    readFile(path).catch((error: NodeJS.ErrnoException) => {
      throw new ServerOptionsError(`cannot read the TLS ${what} ${path}: ${error.code ?? error.message}`)
    })
  return { cert: await read(options.tlsCert, 'certificate'), key: await read(options.tlsKey, 'key') }
}

/** The database of a `start` or `setup-code`: a URL's, or the embedded one in --data DIR. */
export async function openChosenDatabase(
  choice: DatabaseChoice,
  options: { attachToRunning?: boolean; onError?: (message: string) => void } = {},
): Promise<{ database: Database; embedded?: RunningEmbeddedPostgres }> {
  if (choice.kind === 'url') {
    return {
      database: await openDatabase({
        url: choice.url,
        ...(options.onError ? { onError: options.onError } : {}),
      }),
    }
  }
  const embedded = await startEmbeddedPostgres({
    dataDir: choice.dataDir,
    ...(options.attachToRunning ? { attachToRunning: true } : {}),
  })
  try {
    const database = await openDatabase({
      url: embedded.url,
      ...(options.onError ? { onError: options.onError } : {}),
    })
    return { database, embedded }
  } catch (error) {
    await embedded.stop().catch(() => undefined)
    throw error
  }
}

export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const address = parseListen(options.listen)
  const https = await readTls(options)
  if (!https && !isLoopback(address.host)) {
    throw new ServerOptionsError(
      `refusing plain HTTP on ${address.host}: outside loopback give --tls-cert and --tls-key (or put a TLS proxy in front and listen on 127.0.0.1)`,
    )
  }
  const choice = chooseDatabase(options)
  // Before the database: a secret that cannot be read stops the start with nothing to undo.
  const inbox = await resolveInboxOptions(options, choice)
  const { database, embedded } = await openChosenDatabase(choice, {
    onError: (message) => process.stderr.write(`${message}\n`),
  })
  const closeStorage = async () => {
    await database.close().catch(() => undefined)
    await embedded?.stop()
  }
  let app: FastifyInstance
  try {
    const scheme = https ? 'https' : 'http'
    app = (options.createApp ?? createApp)({
      database,
      publicUrl: options.publicUrl ?? listenUrl(scheme, address.host, address.port),
      log: options.log ?? false,
      trustProxy: options.trustProxy ?? false,
      inbox,
      ...(https ? { https } : {}),
    })
    // A load balancer's probe: answers only when the database does.
    app.get('/v1/health', async () => {
      await database.pool.query('SELECT 1')
      return { ok: true }
    })
    await app.listen({ host: address.host, port: address.port })
    // Whatever builds the app, it must not have dropped the TLS it was given.
    if (https && !(app.server instanceof TlsServer)) {
      await app.close()
      throw new ServerOptionsError('the HTTP app ignored the TLS certificate: refusing to serve plain HTTP')
    }
  } catch (error) {
    await closeStorage()
    throw error
  }
  const bound = app.server.address()
  const port = typeof bound === 'object' && bound !== null ? bound.port : address.port
  let closing: Promise<void> | undefined
  return {
    url: listenUrl(https ? 'https' : 'http', address.host, port),
    async firstSetupCode() {
      return (await anyTeamCreated(database.pool)) ? null : await issueSetupCode(database.pool)
    },
    close() {
      closing ??= (async () => {
        await app.close()
        await closeStorage()
      })()
      return closing
    },
  }
}
