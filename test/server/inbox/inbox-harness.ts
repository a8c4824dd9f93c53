import { createHmac, randomBytes } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks.js'
import { afterAll, beforeAll } from 'vitest'
import { INBOX_WEBHOOK_PATHS, type InboxPlaintext } from '../../../shared/team/inbox-webhooks.ts'
import { teamRoutePath, type TeamResponse } from '../../../shared/team/team-api.ts'
import {
  generateInboxKeyPair,
  openInboxMessage,
  sealInboxPrivateKey,
} from '../../../electron/core/team/crypto/inbox-seal.ts'
import { openDatabase, type Database } from '../../../electron/server/database/open-database.ts'
import { createApp, type CreateAppOptions } from '../../../electron/server/http/create-app.ts'
import type { InboxProviderSecrets } from '../../../electron/server/inbox/provider-secrets.ts'
import { withClient } from '../../support/postgres-client.ts'
import { freshDatabase, type PostgresUnderTest } from '../../support/postgres.ts'
import { clientRotation, type TestClient, type TestDevice } from '../api/team-harness.ts'

export const PROVIDERS: Required<InboxProviderSecrets> = {
  twilioAuthToken: 'twilio-auth-token-for-tests-0123456789',
  metaAppSecret: 'meta-app-secret-for-tests-0123456789',
  metaVerifyToken: 'meta-verify-token-for-tests',
  androidSmsGatewaySigningKey: 'android-signing-key-for-tests',
}

/** Where the tests' server says it is reached: behind a proxy, under a path. */
export const PUBLIC_URL = 'https://twofold.example.test'

/** The app with the code inbox configured, on a fresh database; `clock` may be moved by a test. */
export interface InboxServer {
  readonly app: FastifyInstance
  readonly database: Database
  readonly ownerUrl: string
  readonly inboxSecret: Buffer
  /** The server's clock: undefined is the real time. */
  clockAt: Date | undefined
  close(): Promise<void>
}

export function useInboxServer(
  postgres: PostgresUnderTest,
  options: Partial<
    Pick<
      CreateAppOptions,
      'publicUrl' | 'log' | 'webhooksPerTeamPerMinute' | 'webhookRefusalsPerAddressPerMinute'
    >
  > & { providers?: InboxProviderSecrets } = {},
): InboxServer {
  let state: { app: FastifyInstance; database: Database; ownerUrl: string } | undefined
  const inboxSecret = randomBytes(32)
  const server: InboxServer = {
    get app() {
      if (!state) throw new Error('used before beforeAll')
      return state.app
    },
    get database() {
      if (!state) throw new Error('used before beforeAll')
      return state.database
    },
    get ownerUrl() {
      if (!state) throw new Error('used before beforeAll')
      return state.ownerUrl
    },
    inboxSecret,
    clockAt: undefined,
    async close() {
      await state?.app.close()
      await state?.database.close()
      state = undefined
    },
  }
  beforeAll(async () => {
    const ownerUrl = await freshDatabase(postgres.url)
    const database = await openDatabase({ url: ownerUrl, poolMax: 20 })
    const app = createApp({
      database,
      publicUrl: options.publicUrl ?? PUBLIC_URL,
      clock: () => server.clockAt ?? new Date(),
      inbox: { secret: inboxSecret, providers: options.providers ?? PROVIDERS },
      ...(options.webhooksPerTeamPerMinute === undefined
        ? {}
        : { webhooksPerTeamPerMinute: options.webhooksPerTeamPerMinute }),
      ...(options.webhookRefusalsPerAddressPerMinute === undefined
        ? {}
        : { webhookRefusalsPerAddressPerMinute: options.webhookRefusalsPerAddressPerMinute }),
      ...(options.log === undefined ? { log: process.env.INBOX_TEST_LOG === '1' } : { log: options.log }),
    })
    await app.ready()
    state = { app, database, ownerUrl }
  })
  afterAll(() => server.close())
  return server
}

/** A client's inbox as the admin's desktop makes it: the key pair, its private half sealed. */
export interface TestInbox {
  privateKey: Uint8Array
  publicKey: Uint8Array
  body: { keyVersion: number; publicKey: string; sealedPrivateKey: string }
}

export function makeInboxKey(teamId: string, client: TestClient, keyVersion = client.keyVersion): TestInbox {
  const pair = generateInboxKeyPair()
  const sealed = sealInboxPrivateKey(
    client.key,
    { teamId, clientId: client.clientId, keyVersion, publicKey: pair.publicKey },
    pair.privateKey,
  )
  return {
    ...pair,
    body: {
      keyVersion,
      publicKey: Buffer.from(pair.publicKey).toString('base64url'),
      sealedPrivateKey: sealed.toString('base64url'),
    },
  }
}

export async function enableInbox(
  app: FastifyInstance,
  admin: TestDevice,
  client: TestClient,
  numbers: string[],
  retentionHours?: number,
) {
  const inbox = makeInboxKey(admin.teamId, client)
  const answer = await admin.call(app, 'team:inbox-enable', {
    params: { client: client.clientId },
    body: { inboxKey: inbox.body, numbers, ...(retentionHours ? { retentionHours } : {}) },
  })
  if (answer.status !== 200) throw new Error(`enable failed: ${JSON.stringify(answer.body)}`)
  return { inbox, answer: answer.body }
}

/** Ben loses the client: the admin re-seals it under a new key for the owner, as the desktop does. */
export async function revokeWithRotation(
  server: InboxServer,
  owner: TestDevice,
  ben: TestDevice,
  client: TestClient,
  inboxKey: ReturnType<typeof makeInboxKey>['body'] | undefined,
) {
  const { rotation, key, keyVersion } = await clientRotation(owner, client, [owner])
  const body = {
    memberId: ben.memberId,
    clientId: client.clientId,
    rotation: { ...rotation, ...(inboxKey ? { inboxKey } : {}) },
  }
  return { answer: await owner.call(server.app, 'team:revoke', { body }), key, keyVersion }
}

/** What `team:inbox` gave, each message opened with the private key the test holds. */
export async function openMessages(
  answer: TeamResponse<'team:inbox'>,
  teamId: string,
  privateKey: Uint8Array,
): Promise<InboxPlaintext[]> {
  return Promise.all(
    answer.messages.map((message) =>
      openInboxMessage(
        privateKey,
        { teamId, clientId: message.clientId, messageId: message.messageId },
        Buffer.from(message.sealed, 'base64url'),
      ),
    ),
  )
}

export interface Posted {
  status: number
  body: string
  contentType: string | undefined
}

async function post(
  app: FastifyInstance,
  url: string,
  headers: Record<string, string>,
  payload: string | Buffer,
  method: 'POST' | 'GET' = 'POST',
): Promise<Posted> {
  const response = await app.inject({ method, url, headers, ...(method === 'POST' ? { payload } : {}) })
  const type = response.headers['content-type']
  return {
    status: response.statusCode,
    body: response.body,
    contentType: typeof type === 'string' ? type : undefined,
  }
}

const path = (provider: keyof typeof INBOX_WEBHOOK_PATHS, params: Record<string, string>) =>
  teamRoutePath(INBOX_WEBHOOK_PATHS[provider], params)

/** A Twilio inbound message post, signed as Twilio signs it over the public URL (or not, on request). */
export function postTwilio(
  app: FastifyInstance,
  teamId: string,
  params: Record<string, string>,
  options: {
    authToken?: string
    publicUrl?: string
    signature?: string
    /** Signed with this algorithm and named in X-Twilio-Webhooks-Signature-Settings. */
    algorithm?: string
    settings?: string
  } = {},
): Promise<Posted> {
  const url = path('twilio', { team: teamId })
  const signature =
    options.signature ??
    getExpectedTwilioSignature(
      options.authToken ?? PROVIDERS.twilioAuthToken,
      `${options.publicUrl ?? PUBLIC_URL}${url}`,
      params,
      ...(options.algorithm === undefined ? [] : [options.algorithm]),
    )
  const settings =
    options.settings ??
    (options.algorithm === undefined ? undefined : `key=test,algorithm=${options.algorithm}`)
  return post(
    app,
    url,
    {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': signature,
      ...(settings === undefined ? {} : { 'x-twilio-webhooks-signature-settings': settings }),
    },
    new URLSearchParams(params).toString(),
  )
}

export function twilioParams(
  to: string,
  from: string,
  body: string,
  sid = `SM${randomBytes(16).toString('hex')}`,
) {
  return {
    MessageSid: sid,
    SmsMessageSid: sid,
    AccountSid: 'AC0123',
    To: to,
    From: from,
    Body: body,
    NumMedia: '0',
  }
}

/** A WhatsApp Cloud API notification with one text message to `displayNumber`. */
export function metaNotification(
  displayNumber: string,
  from: string,
  text: string,
  id = `wamid.${randomBytes(12).toString('hex')}`,
  /** Unix seconds, as Meta sends it: half a minute ago unless given. */
  timestamp = String(Math.floor(Date.now() / 1000) - 30),
) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: displayNumber, phone_number_id: '106540352242922' },
              contacts: [{ profile: { name: 'Instagram' }, wa_id: from }],
              messages: [{ from, id, timestamp, type: 'text', text: { body: text } }],
            },
          },
        ],
      },
    ],
  }
}

export function postMeta(
  app: FastifyInstance,
  teamId: string,
  body: unknown,
  options: { appSecret?: string; signature?: string } = {},
): Promise<Posted> {
  const raw = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body))
  const signature =
    options.signature ??
    `sha256=${createHmac('sha256', options.appSecret ?? PROVIDERS.metaAppSecret)
      .update(raw)
      .digest('hex')}`
  return post(
    app,
    path('meta-whatsapp', { team: teamId }),
    { 'content-type': 'application/json', 'x-hub-signature-256': signature },
    raw,
  )
}

export function metaHandshake(app: FastifyInstance, teamId: string, query: Record<string, string>) {
  return post(
    app,
    `${path('meta-whatsapp', { team: teamId })}?${new URLSearchParams(query).toString()}`,
    {},
    '',
    'GET',
  )
}

export function androidEvent(from: string, text: string, id = randomBytes(10).toString('base64url')) {
  return {
    deviceId: 'ffffffffceb0b1db0000018e937c815b',
    event: 'sms:received',
    id,
    payload: {
      messageId: 'abc123',
      message: text,
      phoneNumber: from,
      simNumber: 1,
      receivedAt: '2026-12-06T15:46:11.000+07:00',
    },
    webhookId: 'LreFUt-Z3sSq0JufY9uWB',
  }
}

/** The path of a URL `team:inbox-enable` answered (the tests inject by path). */
export const pathOf = (url: string) =>
  new URL(url).pathname.replace(new URL(PUBLIC_URL).pathname.replace(/\/$/, ''), '')

export function postAndroid(
  app: FastifyInstance,
  url: string,
  body: unknown,
  options: { signingKey?: string; timestamp?: number; signature?: string } = {},
): Promise<Posted> {
  const raw = Buffer.from(JSON.stringify(body))
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000))
  const signature =
    options.signature ??
    createHmac('sha256', options.signingKey ?? PROVIDERS.androidSmsGatewaySigningKey)
      .update(Buffer.concat([raw, Buffer.from(timestamp)]))
      .digest('hex')
  return post(
    app,
    url,
    { 'content-type': 'application/json', 'x-signature': signature, 'x-timestamp': timestamp },
    raw,
  )
}

export function postJson(app: FastifyInstance, url: string, body: unknown): Promise<Posted> {
  return post(
    app,
    url,
    { 'content-type': 'application/json' },
    typeof body === 'string' ? body : JSON.stringify(body),
  )
}

/** How many messages the database holds for the team, looked at as its owner (no row-level security). */
export async function storedMessages(ownerUrl: string, teamId: string): Promise<number> {
  return withClient(ownerUrl, async (client) => {
    const rows = await client.query<{ count: string }>(
      'SELECT count(*) FROM inbox_messages WHERE team_id = $1',
      [teamId],
    )
    return Number(rows.rows[0]?.count)
  })
}

export async function dropped(ownerUrl: string, teamId: string): Promise<Record<string, number>> {
  return withClient(ownerUrl, async (client) => {
    const rows = await client.query<{ provider: string; unknown_number: string }>(
      'SELECT provider, unknown_number FROM inbox_drops WHERE team_id = $1',
      [teamId],
    )
    return Object.fromEntries(rows.rows.map((row) => [row.provider, Number(row.unknown_number)]))
  })
}
