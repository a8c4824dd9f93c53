import { randomBytes } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { findFreePort } from '../../electron/server/database/free-port.ts'
import { openDatabase, type Database } from '../../electron/server/database/open-database.ts'
import type { InboxProviderSecrets } from '../../electron/server/inbox/provider-secrets.ts'
import { issueSetupCode } from '../../electron/server/database/setup-codes.ts'
import { createApp } from '../../electron/server/http/create-app.ts'
import { freshDatabase, startTestPostgres, type PostgresFlavour, type TestPostgres } from './postgres.ts'

/** The real twofold-server app on a real, throwaway PostgreSQL, listening on a loopback port. */
export interface TestTeamServer {
  readonly serverUrl: string
  /** The owner's connection to the team database, for looking at what the server stored. */
  readonly databaseUrl: string
  /** A fresh one-time setup code, as `twofold-server setup-code` prints. */
  setupCode(): Promise<string>
  /** Stops the HTTP server (devices then meet a refused connection) and starts it again on the same port. */
  stopServer(): Promise<void>
  startServer(): Promise<void>
  close(): Promise<void>
}

export interface TeamServerOptions {
  flavour?: PostgresFlavour
  /**
   * The providers' secrets (Twilio's auth token, Meta's app secret and verify token, the
   * android-sms-gateway signing key): each given one gets its webhook route. The JSON endpoint is
   * always there; the server's public URL is its loopback URL, which is what Twilio signs here.
   */
  inboxProviders?: InboxProviderSecrets
}

export async function startTeamServer(options: TeamServerOptions = {}): Promise<TestTeamServer> {
  const postgres: TestPostgres = await startTestPostgres({ flavour: options.flavour ?? 'embedded' })
  let database: Database | undefined
  let app: FastifyInstance | undefined
  try {
    const databaseUrl = await freshDatabase(postgres.url)
    const opened = await openDatabase({ url: databaseUrl })
    database = opened
    // Known before the app is built: webhook URLs and Twilio's signature name the public URL.
    const port = await findFreePort()
    const inboxSecret = randomBytes(32)
    const listen = async () => {
      app = createApp({
        database: opened,
        log: process.env.TEAM_LAB_LOG === '1',
        publicUrl: `http://127.0.0.1:${port}`,
        inbox: { secret: inboxSecret, providers: options.inboxProviders ?? {} },
      })
      return await app.listen({ host: '127.0.0.1', port })
    }
    const serverUrl = await listen()
    return {
      serverUrl,
      databaseUrl,
      setupCode: () => issueSetupCode(opened.pool),
      async stopServer() {
        await app?.close()
        app = undefined
      },
      async startServer() {
        await listen()
      },
      async close() {
        await app?.close()
        await opened.close()
        await postgres.stop()
      },
    }
  } catch (error) {
    await app?.close()
    await database?.close()
    await postgres.stop()
    throw error
  }
}
