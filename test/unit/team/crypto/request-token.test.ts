import { SignJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import {
  generateDeviceKeys,
  importSigningPrivateKey,
} from '../../../../electron/core/team/crypto/device-keys.ts'
import {
  bodyHash,
  RequestTokenError,
  signRequestToken,
  verifyRequestToken,
  type RequestTokenRefusal,
  type RequestToVerify,
} from '../../../../electron/core/team/crypto/request-token.ts'

const teamId = '6f1c1f4e-4bb0-4c43-9d0e-5d5a1c2b7a10'
const deviceId = '9a8b7c6d-5e4f-4a3b-9c1d-0e2f3a4b5c6d'
const device = generateDeviceKeys()
const body = Buffer.from('{"records":[]}')
const signedAt = new Date('2026-12-06T08:00:00.000Z')
const later = (seconds: number) => new Date(signedAt.getTime() + seconds * 1000)

const request = {
  deviceId,
  teamId,
  signingPrivateKey: device.signing.privateKey,
  method: 'put',
  path: '/v1/teams/x/records?dry=1',
  body,
  now: signedAt,
}
const server = (overrides: Partial<RequestToVerify> = {}): RequestToVerify => ({
  teamId,
  method: 'PUT',
  path: request.path,
  body,
  now: signedAt,
  keyFor: (id) => Promise.resolve(id === deviceId ? device.signing.publicKey : undefined),
  ...overrides,
})

async function refused(token: string, check: RequestToVerify, code: RequestTokenRefusal, message: RegExp) {
  try {
    await verifyRequestToken(token, check)
  } catch (error) {
    expect(error).toBeInstanceOf(RequestTokenError)
    expect((error as RequestTokenError).code).toBe(code)
    expect((error as Error).message).toMatch(message)
    // The token is a credential for a minute: neither it nor its signature shows up in a message.
    for (const part of [token.split('.')[2]?.slice(0, 16) ?? '', token.slice(0, 30)]) {
      if (part.length >= 12) expect((error as Error).message).not.toContain(part)
    }
    return
  }
  throw new Error('expected the token to be refused')
}

/** A token as a careless or hostile client might make it, signed with `key`. */
function handMade(
  claims: Record<string, unknown>,
  options: { iat?: number; exp?: number; key?: Uint8Array; kid?: string } = {},
) {
  const iat = options.iat ?? signedAt.getTime() / 1000
  return new SignJWT({ htm: 'PUT', htu: request.path, bh: bodyHash(body), ...claims })
    .setProtectedHeader({ alg: 'EdDSA', kid: options.kid ?? deviceId, typ: 'twofold-request+jwt' })
    .setAudience(`twofold:${teamId}`)
    .setIssuedAt(iat)
    .setExpirationTime(options.exp ?? iat + 60)
    .setJti('AAAAAAAAAAAAAAAAAAAAAA')
    .sign(importSigningPrivateKey(options.key ?? device.signing.privateKey))
}

describe('request tokens (EdDSA JWT bound to team, method, path and body)', () => {
  it('verifies on the server and says which device signed it and how long to remember its id', async () => {
    const token = await signRequestToken(request)
    const verified = await verifyRequestToken(token, server())
    expect(verified.deviceId).toBe(deviceId)
    expect(verified.jti).toMatch(/^[A-Za-z0-9_-]{22}$/)
    // Valid for 60 s, plus 30 s for a server clock that runs behind.
    expect(verified.expiresAt).toEqual(later(90))
    const again = await verifyRequestToken(await signRequestToken(request), server())
    expect(again.jti).not.toBe(verified.jti)
  })

  it('accepts the other clock up to 30 seconds off either way', async () => {
    const token = await signRequestToken(request)
    await expect(verifyRequestToken(token, server({ now: later(89) }))).resolves.toMatchObject({ deviceId })
    await expect(verifyRequestToken(token, server({ now: later(-29) }))).resolves.toMatchObject({ deviceId })
  })

  it('refuses an expired token as token-expired', async () => {
    const token = await signRequestToken(request)
    await refused(token, server({ now: later(91) }), 'token-expired', /expired/)
  })

  it('refuses a token issued further in the future than the clocks may differ', async () => {
    const token = await signRequestToken({ ...request, now: later(45) })
    await refused(token, server(), 'unauthenticated', /future/)
  })

  it('refuses a token that would live longer than 60 seconds', async () => {
    await refused(
      await handMade({}, { exp: signedAt.getTime() / 1000 + 61 }),
      server(),
      'unauthenticated',
      /at most 60 seconds/,
    )
    await refused(
      await handMade({}, { exp: signedAt.getTime() / 1000 + 3600 }),
      server(),
      'unauthenticated',
      /at most 60 seconds/,
    )
    await expect(verifyRequestToken(await handMade({}), server())).resolves.toMatchObject({ deviceId })
  })

  it('refuses a forged signature, an unknown device and a device the team no longer allows', async () => {
    const forged = await handMade({}, { key: generateDeviceKeys().signing.privateKey })
    await refused(forged, server(), 'unauthenticated', /not valid for this device/)
    const stranger = await signRequestToken({ ...request, deviceId: 'b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e' })
    await refused(stranger, server(), 'unauthenticated', /does not know/)
    const token = await signRequestToken(request)
    await refused(
      token,
      server({ keyFor: () => Promise.resolve(undefined) }),
      'unauthenticated',
      /no longer allows/,
    )
  })

  it('refuses a token made for another team, method, path or body', async () => {
    const token = await signRequestToken(request)
    await refused(
      token,
      server({ teamId: '7f1c1f4e-4bb0-4c43-9d0e-5d5a1c2b7a10' }),
      'unauthenticated',
      /another team/,
    )
    await refused(token, server({ method: 'POST' }), 'unauthenticated', /another request/)
    await refused(token, server({ path: '/v1/teams/x/records' }), 'unauthenticated', /another request/)
    await refused(token, server({ path: '/v1/teams/x/records?dry=2' }), 'unauthenticated', /another request/)
    await refused(token, server({ body: Buffer.from('{"records":[1]}') }), 'unauthenticated', /body/)
    await refused(token, server({ body: Buffer.alloc(0) }), 'unauthenticated', /body/)
  })

  it('binds an empty body too', async () => {
    const token = await signRequestToken({ ...request, method: 'GET', body: Buffer.alloc(0) })
    await expect(
      verifyRequestToken(token, server({ method: 'GET', body: new Uint8Array(0) })),
    ).resolves.toMatchObject({ deviceId })
    await refused(token, server({ method: 'GET', body: Buffer.from('x') }), 'unauthenticated', /body/)
  })

  it('refuses garbage, an unsigned token, a missing claim and a tampered payload', async () => {
    for (const garbage of ['', 'abc', 'a.b.c', 'x'.repeat(5_000)]) {
      await refused(garbage, server(), 'unauthenticated', /./)
    }
    const token = await signRequestToken(request)
    const [header, payload] = token.split('.') as [string, string, string]
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', kid: deviceId, typ: 'twofold-request+jwt' })).toString('base64url')}.${payload}.`
    await refused(none, server(), 'unauthenticated', /not valid/)
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>
    const altered = Buffer.from(JSON.stringify({ ...claims, htm: 'DELETE' })).toString('base64url')
    await refused(
      `${header}.${altered}.${token.split('.')[2]}`,
      server({ method: 'DELETE' }),
      'unauthenticated',
      /not valid/,
    )
    await refused(await handMade({ bh: undefined }), server(), 'unauthenticated', /not valid/)
    await refused(await handMade({}, { kid: '' }), server(), 'unauthenticated', /not readable/)
  })
})
