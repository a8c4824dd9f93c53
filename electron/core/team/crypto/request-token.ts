import { createHash, randomBytes } from 'node:crypto'
import { decodeProtectedHeader, errors, jwtVerify, SignJWT } from 'jose'
import { toBase64url } from './base64url.ts'
import { importSigningPrivateKey, importSigningPublicKey } from './device-keys.ts'

/**
 * Every request to the team server carries a short-lived EdDSA JWT signed by the device's Ed25519 key,
 * bound to the team, the method, the path with its query and the exact body bytes, so a token seen in a
 * log or proxy cannot be replayed against another request. The server keeps each `jti` until the token
 * would be refused anyway, so it cannot be replayed against the same request either.
 */
export const TOKEN_LIFETIME_SECONDS = 60
/** Two computers' clocks may disagree by this much in either direction. */
export const CLOCK_SKEW_SECONDS = 30
const TOKEN_TYPE = 'twofold-request+jwt'
/** A token of ours is about 500 characters; anything far longer is refused before it is parsed. */
const MAX_TOKEN_CHARS = 2_048

export interface RequestToSign {
  deviceId: string
  teamId: string
  signingPrivateKey: Uint8Array
  method: string
  /** The path with its query string, exactly as sent. */
  path: string
  body: Uint8Array
  now: Date
}

export interface RequestToVerify {
  teamId: string
  method: string
  path: string
  body: Uint8Array
  now: Date
  /** The signing key of an active device of a member still in the team, or undefined. */
  keyFor: (deviceId: string) => Promise<Uint8Array | undefined>
}

export interface VerifiedRequestToken {
  deviceId: string
  jti: string
  /** When this verifier stops accepting the token (its expiry plus the allowed skew): keep the jti until then. */
  expiresAt: Date
}

export type RequestTokenRefusal = 'unauthenticated' | 'token-expired'

/** Why a token was refused; the server answers 401 with this code. The message never holds the token. */
export class RequestTokenError extends Error {
  override readonly name = 'RequestTokenError'
  readonly code: RequestTokenRefusal

  constructor(code: RequestTokenRefusal, message: string) {
    super(message)
    this.code = code
  }
}

export function requestTokenAudience(teamId: string): string {
  return `twofold:${teamId}`
}

export function bodyHash(body: Uint8Array): string {
  return toBase64url(createHash('sha256').update(body).digest())
}

/** The value for `Authorization: Twofold <token>`. */
export async function signRequestToken(request: RequestToSign): Promise<string> {
  const issuedAt = Math.floor(request.now.getTime() / 1000)
  return new SignJWT({ htm: request.method.toUpperCase(), htu: request.path, bh: bodyHash(request.body) })
    .setProtectedHeader({ alg: 'EdDSA', kid: request.deviceId, typ: TOKEN_TYPE })
    .setAudience(requestTokenAudience(request.teamId))
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + TOKEN_LIFETIME_SECONDS)
    .setJti(toBase64url(randomBytes(16)))
    .sign(importSigningPrivateKey(request.signingPrivateKey))
}

/** The device that signed the token and what to remember against replay, or a RequestTokenError. */
export async function verifyRequestToken(
  token: string,
  request: RequestToVerify,
): Promise<VerifiedRequestToken> {
  if (token.length > MAX_TOKEN_CHARS) throw refused('The device token is too long.')
  const deviceId = tokenDeviceId(token)
  const signingKey = await request.keyFor(deviceId)
  if (signingKey === undefined) {
    throw refused('The device token names a device this team does not know or no longer allows.')
  }
  let payload: Record<string, unknown>
  try {
    ;({ payload } = await jwtVerify(token, importSigningPublicKey(signingKey), {
      algorithms: ['EdDSA'],
      typ: TOKEN_TYPE,
      audience: requestTokenAudience(request.teamId),
      currentDate: request.now,
      clockTolerance: CLOCK_SKEW_SECONDS,
      requiredClaims: ['iat', 'exp', 'jti', 'htm', 'htu', 'bh'],
    }))
  } catch (error) {
    if (error instanceof errors.JWTExpired) {
      throw new RequestTokenError(
        'token-expired',
        'The device token has expired: check this computer’s clock.',
      )
    }
    if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'aud') {
      throw refused('The device token was made for another team.')
    }
    throw refused('The device token is not valid for this device.')
  }
  return checkRequestClaims(payload, request, deviceId)
}

function tokenDeviceId(token: string): string {
  try {
    const { kid } = decodeProtectedHeader(token)
    if (typeof kid === 'string' && kid.length > 0 && kid.length <= 100) return kid
  } catch {
    // Falls through to the one answer for an unreadable token.
  }
  throw refused('The device token is not readable.')
}

function checkRequestClaims(
  payload: Record<string, unknown>,
  request: RequestToVerify,
  deviceId: string,
): VerifiedRequestToken {
  const { iat, exp, jti, htm, htu, bh } = payload
  if (typeof iat !== 'number' || typeof exp !== 'number' || typeof jti !== 'string') {
    throw refused('The device token is not readable.')
  }
  if (exp <= iat || exp - iat > TOKEN_LIFETIME_SECONDS) {
    throw refused(`A device token may live at most ${TOKEN_LIFETIME_SECONDS} seconds.`)
  }
  const nowSeconds = request.now.getTime() / 1000
  if (iat > nowSeconds + CLOCK_SKEW_SECONDS) {
    throw refused('The device token was issued in the future: check this computer’s clock.')
  }
  if (!/^[A-Za-z0-9_-]{22}$/.test(jti)) throw refused('The device token has no proper unique id.')
  if (htm !== request.method.toUpperCase() || htu !== request.path) {
    throw refused('The device token was made for another request.')
  }
  if (bh !== bodyHash(request.body))
    throw refused('The request body is not the one the device token was made for.')
  return { deviceId, jti, expiresAt: new Date((exp + CLOCK_SKEW_SECONDS) * 1000) }
}

function refused(message: string): RequestTokenError {
  return new RequestTokenError('unauthenticated', message)
}
