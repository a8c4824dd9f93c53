import { createHash, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto'
import { z } from 'zod'
import { TwofoldError } from '../../errors.ts'
import { withoutKeyCheckTraces } from '../../crypto/key-check-traces.ts'
import { randomSecret } from '../../crypto/secret-bytes.ts'
import { fromBase64url, toBase64url } from './base64url.ts'
import { canonicalEncoding } from './canonical-encoding.ts'
import { DEVICE_KEY_BYTES } from './device-keys.ts'

/**
 * An invite is a one-time secret S that travels inside the invite code, from the admin to the joiner,
 * never to the server. The server gets only SHA-256 of a MAC of S (to know the joiner has the code);
 * the admin's Twofold, which kept S, checks a MAC over the joiner's public keys (to know the server did
 * not swap them) before it certifies the device or wraps any key to it.
 */
export const INVITE_SECRET_BYTES = 32
const MAC_BYTES = 32
const INVITE_CODE_PREFIX = 'twofold-invite:'
/** A generous bound on the code's text: a long server address still fits many times over. */
const MAX_INVITE_CODE_CHARS = 4_096

export interface JoinKeys {
  teamId: string
  inviteId: string
  agreementKey: Uint8Array
  signingKey: Uint8Array
}

export interface InviteCode {
  server: string
  teamId: string
  inviteId: string
  secret: Buffer
  /** The inviting admin's device signing key, which the joiner pins to check the owner's chain. */
  adminSigningKey: Buffer
  /** One more device for a member already in the team, rather than a new member. */
  forDevice?: boolean
}

export function newInviteSecret(): Buffer {
  return randomSecret(INVITE_SECRET_BYTES)
}

/** What the joiner shows the server: a MAC of S under a fixed label. */
export function inviteAuth(secret: Uint8Array): Buffer {
  assertSecret(secret)
  return withoutKeyCheckTraces(() => createHmac('sha256', secret).update('twofold-invite-auth-v1').digest())
}

/** What the admin leaves with the server when inviting: SHA-256 of the invite auth. */
export function inviteAuthHash(auth: Uint8Array): Buffer {
  return createHash('sha256').update(auth).digest()
}

/** HMAC-SHA256 under a key derived from S, over the joiner's public keys and the invite they answer. */
export function joinProof(secret: Uint8Array, keys: JoinKeys): Buffer {
  assertSecret(secret)
  if (keys.agreementKey.length !== DEVICE_KEY_BYTES || keys.signingKey.length !== DEVICE_KEY_BYTES) {
    throw new TwofoldError('invalid-request', "A joining device's public keys should be 32 bytes each.")
  }
  const proofKey = Buffer.from(
    withoutKeyCheckTraces(() =>
      hkdfSync('sha256', secret, Buffer.alloc(0), 'twofold-invite-proof-v1', MAC_BYTES),
    ),
  )
  const message = canonicalEncoding([
    keys.teamId,
    keys.inviteId,
    toBase64url(keys.agreementKey),
    toBase64url(keys.signingKey),
  ])
  try {
    return withoutKeyCheckTraces(() => createHmac('sha256', proofKey).update(message).digest())
  } finally {
    proofKey.fill(0)
  }
}

/** Whether the proof was made with S over exactly these keys; the comparison takes the same time either way. */
export function verifyJoinProof(secret: Uint8Array, keys: JoinKeys, proof: Uint8Array): boolean {
  if (proof.length !== MAC_BYTES) return false
  if (keys.agreementKey.length !== DEVICE_KEY_BYTES || keys.signingKey.length !== DEVICE_KEY_BYTES)
    return false
  return timingSafeEqual(joinProof(secret, keys), proof)
}

/**
 * One pasteable line: `twofold-invite:` + base64url of the JSON that names the server, team, invite and S.
 * A device code is version 2, so a Twofold from before devices could be added says to update rather
 * than join as somebody new.
 */
export function encodeInviteCode(code: InviteCode): string {
  assertSecret(code.secret)
  const json = JSON.stringify({
    v: code.forDevice === true ? 2 : 1,
    ...(code.forDevice === true ? { device: true } : {}),
    server: code.server,
    team: code.teamId,
    invite: code.inviteId,
    secret: toBase64url(code.secret),
    admin: toBase64url(code.adminSigningKey),
  })
  return INVITE_CODE_PREFIX + Buffer.from(json, 'utf8').toString('base64url')
}

const inviteCodeSchema = z.strictObject({
  v: z.union([z.literal(1), z.literal(2)]),
  device: z.literal(true).optional(),
  server: z.url({ protocol: /^https?$/ }),
  team: z.uuid(),
  invite: z.uuid(),
  secret: z.string(),
  admin: z.string(),
})

/**
 * The invite code's parts, or `invalid-request` saying what is wrong with it. The messages never repeat
 * the text: it carries the invite's secret.
 */
export function decodeInviteCode(text: string): InviteCode {
  const trimmed = text.trim()
  if (trimmed.length > MAX_INVITE_CODE_CHARS) throw invalidCode('It is far longer than an invite code.')
  if (!trimmed.startsWith(INVITE_CODE_PREFIX)) {
    throw invalidCode(`An invite code starts with "${INVITE_CODE_PREFIX}".`)
  }
  const body = trimmed.slice(INVITE_CODE_PREFIX.length)
  let json: unknown
  try {
    json = JSON.parse(fromBase64url(body, 'invite code').toString('utf8'))
  } catch {
    throw invalidCode('It is damaged or incomplete: copy the whole line again.')
  }
  const parsed = inviteCodeSchema.safeParse(json)
  if (!parsed.success) {
    const version = (json as { v?: unknown } | null)?.v
    if (version !== undefined && version !== 1 && version !== 2) {
      throw invalidCode('It was made by a newer version of Twofold: update Twofold to join.')
    }
    throw invalidCode('It is damaged or incomplete: copy the whole line again.')
  }
  if ((parsed.data.v === 2) !== (parsed.data.device === true))
    throw invalidCode('It is damaged or incomplete: copy the whole line again.')
  try {
    return {
      ...(parsed.data.device === true ? { forDevice: true } : {}),
      server: parsed.data.server,
      teamId: parsed.data.team,
      inviteId: parsed.data.invite,
      secret: fromBase64url(parsed.data.secret, 'invite secret', INVITE_SECRET_BYTES),
      adminSigningKey: fromBase64url(parsed.data.admin, "inviting admin's key", DEVICE_KEY_BYTES),
    }
  } catch {
    throw invalidCode('It is damaged or incomplete: copy the whole line again.')
  }
}

function invalidCode(why: string): TwofoldError {
  return new TwofoldError('invalid-request', `That is not a usable Twofold invite code. ${why}`, {
    field: 'code',
  })
}

function assertSecret(secret: Uint8Array): void {
  if (secret.length !== INVITE_SECRET_BYTES) {
    throw new TwofoldError('internal', 'An invite secret has the wrong length.')
  }
}
