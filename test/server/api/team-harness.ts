import { randomUUID } from 'node:crypto'
import { request as httpRequest, type IncomingMessage } from 'node:http'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll } from 'vitest'
import { teamApi, teamRoutePath, type TeamResponse, type TeamRoute } from '../../../shared/team/team-api.ts'
import { newClientKey } from '../../../electron/core/team/crypto/client-key.ts'
import {
  signDeviceCertificate,
  type DeviceRole,
} from '../../../electron/core/team/crypto/device-certificate.ts'
import { generateDeviceKeys, type DeviceKeys } from '../../../electron/core/team/crypto/device-keys.ts'
import {
  inviteAuth,
  inviteAuthHash,
  joinProof,
  newInviteSecret,
} from '../../../electron/core/team/crypto/invite-secret.ts'
import { wrapClientKey } from '../../../electron/core/team/crypto/key-wrap.ts'
import { sealClientName, sealRecord } from '../../../electron/core/team/crypto/record-seal.ts'
import { signWrappedKey } from '../../../electron/core/team/crypto/wrap-signature.ts'
import { signRequestToken } from '../../../electron/core/team/crypto/request-token.ts'
import { openDatabase, type Database } from '../../../electron/server/database/open-database.ts'
import { issueSetupCode } from '../../../electron/server/database/setup-codes.ts'
import { createApp, type CreateAppOptions } from '../../../electron/server/http/create-app.ts'
import { freshDatabase, type PostgresUnderTest } from '../../support/postgres.ts'

/** One server copy in this process: a migrated database pool and the app on it (not listening). */
export interface TestServer {
  database: Database
  app: FastifyInstance
  close(): Promise<void>
}

export async function startTestServer(
  ownerUrl: string,
  options: Pick<CreateAppOptions, 'clock' | 'rateLimits'> = {},
): Promise<TestServer> {
  const database = await openDatabase({ url: ownerUrl, poolMax: 30 })
  const app = createApp({ database, ...options })
  await app.ready()
  return {
    database,
    app,
    async close() {
      await app.close()
      await database.close()
    },
  }
}

/** A describe's server: the app on a fresh database, and the database owner's URL to look underneath. */
export interface SuiteServer extends TestServer {
  readonly ownerUrl: string
}

/**
 * For one describe on the suite's PostgreSQL: a fresh database and the server app on it from its
 * beforeAll on, closed after it. The object is usable from the tests on.
 */
export function useTestServer(postgres: PostgresUnderTest): SuiteServer {
  let current: { server: TestServer; ownerUrl: string } | undefined
  const now = () => {
    if (!current) throw new Error('the test server is used before its beforeAll started it')
    return current
  }
  beforeAll(async () => {
    const ownerUrl = await freshDatabase(postgres.url)
    current = { server: await startTestServer(ownerUrl), ownerUrl }
  })
  afterAll(async () => {
    await current?.server.close()
  })
  return {
    get database() {
      return now().server.database
    },
    get app() {
      return now().server.app
    },
    get ownerUrl() {
      return now().ownerUrl
    },
    close: () => now().server.close(),
  }
}

/** The route's answer, or on a refusal its error: tests check the status before reading either. */
export interface Answer<R extends TeamRoute = TeamRoute> {
  status: number
  body: TeamResponse<R> & { error: { code: string; message: string } }
}

export interface CallOptions {
  params?: Record<string, string>
  query?: Record<string, string | number>
  body?: unknown
  /** Sign at this time instead of now. */
  signedAt?: Date
  /** Sign for a different method, path or body than the one sent. */
  sign?: { method?: string; path?: string; body?: Buffer }
  /** Send this token as is. */
  token?: string
  /** Sign with these keys instead of the device's own. */
  signingPrivateKey?: Uint8Array
}

/** A desktop's team identity, with its real keys, calling the app the way the desktop does. */
export class TestDevice {
  readonly keys: DeviceKeys = generateDeviceKeys()
  readonly deviceId = randomUUID()
  readonly teamId: string
  memberId: string
  readonly role: DeviceRole

  constructor(teamId: string, memberId: string, role: DeviceRole) {
    this.teamId = teamId
    this.memberId = memberId
    this.role = role
  }

  get agreementKey(): string {
    return Buffer.from(this.keys.agreement.publicKey).toString('base64url')
  }

  get signingKey(): string {
    return Buffer.from(this.keys.signing.publicKey).toString('base64url')
  }

  /** The request as it would go out, with its token; `tokenFor` lets a test resend it as is. */
  async prepare(route: TeamRoute, options: CallOptions = {}) {
    const spec = teamApi[route]
    let url = teamRoutePath(spec.path, { team: this.teamId, ...options.params })
    if (options.query) {
      const query = new URLSearchParams()
      for (const [key, value] of Object.entries(options.query)) query.set(key, String(value))
      url += `?${query.toString()}`
    }
    const payload = options.body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(options.body))
    const token =
      options.token ??
      (await signRequestToken({
        deviceId: this.deviceId,
        teamId: this.teamId,
        signingPrivateKey: options.signingPrivateKey ?? this.keys.signing.privateKey,
        method: options.sign?.method ?? spec.method,
        path: options.sign?.path ?? url,
        body: options.sign?.body ?? payload,
        now: options.signedAt ?? new Date(),
      }))
    return {
      method: spec.method,
      url,
      headers: {
        authorization: `Twofold ${token}`,
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(options.body === undefined ? {} : { payload }),
      token,
    }
  }

  async call<R extends TeamRoute>(
    app: FastifyInstance,
    route: R,
    options: CallOptions = {},
  ): Promise<Answer<R>> {
    const { token: _token, ...request } = await this.prepare(route, options)
    return send<R>(app, request)
  }
}

/** The same call over HTTP, to a server listening at `baseUrl` (a twofold-server process). */
export async function callOverHttp<R extends TeamRoute>(
  baseUrl: string,
  device: TestDevice,
  route: R,
  options: CallOptions = {},
): Promise<Answer<R>> {
  const request = await device.prepare(route, options)
  const response = await fetch(`${baseUrl}${request.url}`, {
    method: request.method,
    headers: request.headers,
    ...(request.payload ? { body: request.payload } : {}),
  })
  const text = await response.text()
  return { status: response.status, body: JSON.parse(text || 'null') as Answer<R>['body'] }
}

export async function send<R extends TeamRoute = TeamRoute>(
  app: FastifyInstance,
  request: { method: string; url: string; headers: Record<string, string>; payload?: Buffer },
): Promise<Answer<R>> {
  const response = await app.inject({
    method: request.method as 'GET',
    url: request.url,
    headers: request.headers,
    ...(request.payload ? { payload: request.payload } : {}),
  })
  return { status: response.statusCode, body: JSON.parse(response.body || 'null') as Answer<R>['body'] }
}

/** Unauthenticated routes: no token at all. */
export async function callOpen(
  app: FastifyInstance,
  route: 'team:create' | 'team:join',
  teamId: string,
  body: unknown,
) {
  return send(app, {
    method: 'POST',
    url: teamRoutePath(teamApi[route].path, { team: teamId }),
    headers: { 'content-type': 'application/json' },
    payload: Buffer.from(JSON.stringify(body)),
  })
}

export interface TestTeam {
  teamId: string
  owner: TestDevice
  setupCode: string
}

export function createBody(owner: TestDevice, setupCode: string) {
  const issuedAt = new Date().toISOString()
  const certificate = signDeviceCertificate(owner.keys.signing.privateKey, {
    teamId: owner.teamId,
    memberId: owner.memberId,
    deviceId: owner.deviceId,
    role: 'owner',
    agreementKey: owner.keys.agreement.publicKey,
    signingKey: owner.keys.signing.publicKey,
    issuedAt,
  })
  return {
    setupCode,
    teamId: owner.teamId,
    teamName: 'Agency',
    memberId: owner.memberId,
    memberName: 'Olivia',
    device: {
      deviceId: owner.deviceId,
      agreementKey: owner.agreementKey,
      signingKey: owner.signingKey,
      certificate: certificate.toString('base64url'),
      issuedAt,
    },
  }
}

export async function createTeam(server: TestServer): Promise<TestTeam> {
  const setupCode = await issueSetupCode(server.database.pool)
  const owner = new TestDevice(randomUUID(), randomUUID(), 'owner')
  const answer = await callOpen(server.app, 'team:create', owner.teamId, createBody(owner, setupCode))
  if (answer.status !== 200) throw new Error(`create failed: ${JSON.stringify(answer.body)}`)
  return { teamId: owner.teamId, owner, setupCode }
}

/** A client shared by the owner, with its key and plaintext kept here for the test to check. */
export interface TestClient {
  clientId: string
  key: Buffer
  keyVersion: number
  name: string
  accounts: { accountId: string; plaintext: string }[]
}

export async function shareClient(
  server: TestServer,
  admin: TestDevice,
  name: string,
  plaintexts: string[],
  keyholders: TestDevice[] = [admin],
): Promise<TestClient> {
  const clientId = randomUUID()
  const key = newClientKey()
  const accounts = plaintexts.map((plaintext) => ({ accountId: randomUUID(), plaintext }))
  const teamId = admin.teamId
  const answer = await admin.call(server.app, 'team:share-client', {
    body: {
      clientId,
      sealedName: sealClientName(key, name, { teamId, clientId, keyVersion: 1 }).toString('base64url'),
      keyVersion: 1,
      wrappedKeys: await Promise.all(
        keyholders.map(async (device) => ({
          deviceId: device.deviceId,
          ...(await signedWrap(admin, device, key, clientId, 1)),
        })),
      ),
      records: accounts.map((account) => ({
        clientId,
        accountId: account.accountId,
        baseRevision: 0,
        keyVersion: 1,
        sealed: sealAccount(key, teamId, clientId, account.accountId, account.plaintext, 1, 1),
        deleted: false,
      })),
    },
  })
  if (answer.status !== 200) throw new Error(`share failed: ${JSON.stringify(answer.body)}`)
  return { clientId, key, keyVersion: 1, name, accounts }
}

export function wrapKey(device: TestDevice, key: Buffer, clientId: string, keyVersion: number) {
  return wrapClientKey(device.keys.agreement.publicKey, key, {
    teamId: device.teamId,
    clientId,
    deviceId: device.deviceId,
    keyVersion,
  })
}

/** `key` wrapped to `device` and signed by `signer` (the calling device), as a desktop sends it. */
export async function signedWrap(
  signer: TestDevice,
  device: TestDevice,
  key: Buffer,
  clientId: string,
  keyVersion: number,
): Promise<{ wrapped: string; signature: string }> {
  const wrapped = await wrapKey(device, key, clientId, keyVersion)
  const signature = signWrappedKey(signer.keys.signing.privateKey, {
    teamId: device.teamId,
    clientId,
    deviceId: device.deviceId,
    keyVersion,
    signerDeviceId: signer.deviceId,
    wrapped,
  })
  return { wrapped: wrapped.toString('base64url'), signature: signature.toString('base64url') }
}

export function sealAccount(
  key: Buffer,
  teamId: string,
  clientId: string,
  accountId: string,
  plaintext: string,
  keyVersion: number,
  revision: number,
): string {
  return sealRecord(key, Buffer.from(plaintext), {
    teamId,
    clientId,
    accountId,
    keyVersion,
    revision,
  }).toString('base64url')
}

/**
 * `client` re-sealed under a fresh key by `sealer` and wrapped to each of `keepers`, as a desktop
 * builds a rotation; its records at revision 1, as `shareClient` stored them.
 */
export async function clientRotation(sealer: TestDevice, client: TestClient, keepers: TestDevice[]) {
  const key = newClientKey()
  const keyVersion = client.keyVersion + 1
  const rotation = {
    clientId: client.clientId,
    newKeyVersion: keyVersion,
    sealedName: sealClientName(key, client.name, {
      teamId: sealer.teamId,
      clientId: client.clientId,
      keyVersion,
    }).toString('base64url'),
    records: client.accounts.map((account) => ({
      accountId: account.accountId,
      revision: 1,
      sealed: sealAccount(
        key,
        sealer.teamId,
        client.clientId,
        account.accountId,
        account.plaintext,
        keyVersion,
        1,
      ),
    })),
    backupCodes: [],
    wrappedKeys: await Promise.all(
      keepers.map(async (device) => ({
        deviceId: device.deviceId,
        ...(await signedWrap(sealer, device, key, client.clientId, keyVersion)),
      })),
    ),
  }
  return { rotation, key, keyVersion }
}
/**
 * An admin invites a person, their device joins with the invite and the admin certifies it, giving it
 * the keys of `clients`. Returns the new member's device, active.
 */
export async function addMember(
  server: TestServer,
  admin: TestDevice,
  options: { role?: 'admin' | 'member'; clients?: TestClient[]; confirm?: boolean } = {},
): Promise<TestDevice> {
  const role = options.role ?? 'member'
  const clients = options.clients ?? []
  const device = new TestDevice(admin.teamId, randomUUID(), role)
  const inviteId = randomUUID()
  const secret = newInviteSecret()
  const invited = await admin.call(server.app, 'team:invite', {
    body: {
      inviteId,
      memberId: device.memberId,
      memberName: `Person ${device.memberId.slice(0, 4)}`,
      role,
      clientIds: clients.map((client) => client.clientId),
      authHash: inviteAuthHash(inviteAuth(secret)).toString('base64url'),
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    },
  })
  if (invited.status !== 200) throw new Error(`invite failed: ${JSON.stringify(invited.body)}`)
  const proof = joinProof(secret, {
    teamId: device.teamId,
    inviteId,
    agreementKey: device.keys.agreement.publicKey,
    signingKey: device.keys.signing.publicKey,
  })
  const joined = await callOpen(server.app, 'team:join', device.teamId, {
    inviteId,
    inviteAuth: inviteAuth(secret).toString('base64url'),
    device: { deviceId: device.deviceId, agreementKey: device.agreementKey, signingKey: device.signingKey },
    proof: proof.toString('base64url'),
  })
  if (joined.status !== 200) throw new Error(`join failed: ${JSON.stringify(joined.body)}`)
  if (options.confirm === false) return device
  await confirmDevice(server, admin, device, clients)
  return device
}

export async function confirmDevice(
  server: TestServer,
  admin: TestDevice,
  device: TestDevice,
  clients: TestClient[],
): Promise<Answer> {
  const issuedAt = new Date().toISOString()
  const certificate = signDeviceCertificate(admin.keys.signing.privateKey, {
    teamId: device.teamId,
    memberId: device.memberId,
    deviceId: device.deviceId,
    role: device.role,
    agreementKey: device.keys.agreement.publicKey,
    signingKey: device.keys.signing.publicKey,
    issuedAt,
  })
  const answer = await admin.call(server.app, 'team:confirm-device', {
    params: { device: device.deviceId },
    body: {
      certificate: certificate.toString('base64url'),
      issuedAt,
      wrappedKeys: await Promise.all(
        clients.map(async (client) => ({
          clientId: client.clientId,
          keyVersion: client.keyVersion,
          ...(await signedWrap(admin, device, client.key, client.clientId, client.keyVersion)),
        })),
      ),
    },
  })
  if (answer.status !== 200) throw new Error(`confirm failed: ${JSON.stringify(answer.body)}`)
  return answer
}

/** Opens the device's event stream on a listening server; `next` waits for the next `changed` seq. */
export async function openEvents(baseUrl: string, device: TestDevice) {
  const path = `/v1/teams/${device.teamId}/events`
  const token = await signRequestToken({
    deviceId: device.deviceId,
    teamId: device.teamId,
    signingPrivateKey: device.keys.signing.privateKey,
    method: 'GET',
    path,
    body: Buffer.alloc(0),
    now: new Date(),
  })
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    const outgoing = httpRequest(
      `${baseUrl}${path}`,
      { headers: { authorization: `Twofold ${token}` } },
      resolve,
    )
    outgoing.once('error', reject)
    outgoing.end()
  })
  const seqs: number[] = []
  const waiting: (() => void)[] = []
  let buffered = ''
  const ended = new Promise<void>((resolve) => response.once('close', resolve))
  response.setEncoding('utf8')
  response.on('data', (chunk: string) => {
    buffered += chunk
    let end: number
    while ((end = buffered.indexOf('\n\n')) >= 0) {
      const message = buffered.slice(0, end)
      buffered = buffered.slice(end + 2)
      const data = /^event: changed\ndata: (.*)$/m.exec(message)?.[1]
      if (data !== undefined) seqs.push((JSON.parse(data) as { seq: number }).seq)
      waiting.splice(0).forEach((wake) => wake())
    }
  })
  return {
    status: response.statusCode,
    /** Resolves once a `changed` event of at least `seq` arrived. */
    async until(seq: number): Promise<number> {
      for (;;) {
        const found = seqs.find((value) => value >= seq)
        if (found !== undefined) return found
        await new Promise<void>((resolve) => waiting.push(resolve))
      }
    },
    /** Resolves when the server ends the stream. */
    ended,
    close: () => response.destroy(),
  }
}
