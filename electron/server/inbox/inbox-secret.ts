import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto'
import { mkdir, open, readFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { canonicalEncoding } from '../../core/team/crypto/canonical-encoding.ts'
import { openWithAad, sealWithAad } from '../../core/team/crypto/aes-gcm-box.ts'

/** A 32-byte secret, written and read as base64url text (one line). */
export const INBOX_SECRET_BYTES = 32

/** Why the inbox secret could not be had; its message is one line for the terminal. */
export class InboxSecretError extends Error {
  override readonly name = 'InboxSecretError'
}

export function parseInboxSecret(text: string, where: string): Buffer {
  const trimmed = text.trim()
  const bytes = /^[A-Za-z0-9_-]+$/.test(trimmed) ? Buffer.from(trimmed, 'base64url') : Buffer.alloc(0)
  if (bytes.length < INBOX_SECRET_BYTES) {
    throw new InboxSecretError(
      `${where} must hold at least ${INBOX_SECRET_BYTES} random bytes as base64url text (e.g. the output of: openssl rand -base64 32 | tr '+/' '-_' | tr -d '=')`,
    )
  }
  return bytes
}

/**
 * The secret in `file`, made (0600, 32 random bytes) when there is none yet. Losing it makes every
 * registered number unknown (enable the inbox again); it is never in the database, so a dump of the
 * database alone cannot be matched against a list of numbers.
 */
export async function readOrCreateInboxSecret(file: string): Promise<Buffer> {
  try {
    return parseInboxSecret(await readFile(file, 'utf8'), file)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      if (error instanceof InboxSecretError) throw error
      throw new InboxSecretError(
        `cannot read the inbox secret ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
      )
    }
  }
  await mkdir(dirname(file), { recursive: true, mode: 0o700 })
  const secret = randomBytes(INBOX_SECRET_BYTES)
  try {
    // 'wx': two servers starting on one folder at once must not each write their own.
    const handle = await open(file, 'wx', 0o600)
    try {
      await handle.writeFile(`${secret.toString('base64url')}\n`)
      await handle.sync()
    } finally {
      await handle.close()
    }
    return secret
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      return parseInboxSecret(await readFile(file, 'utf8'), file)
    }
    throw new InboxSecretError(
      `cannot create the inbox secret ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'} (give --inbox-secret-file FILE or set TWOFOLD_INBOX_SECRET)`,
    )
  }
}

function derive(secret: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), `twofold-inbox-${purpose}-v1`, 32))
}

const numberPlace = (teamId: string, numberHash: Buffer) =>
  canonicalEncoding(['twofold-inbox-number-v1', teamId, numberHash.toString('base64url')])

const hmac = (key: Buffer, ...parts: string[]) => createHmac('sha256', key).update(parts.join('\0')).digest()

/**
 * What the server derives from its inbox secret. Everything is reproducible from the secret, the
 * team id and (the json token only) the team's token generation, so `team:inbox-enable` can answer
 * the same URLs again and any copy of the server agrees.
 */
export class InboxKeys {
  readonly #numberKey: Buffer
  readonly #tokenKey: Buffer
  readonly #lineKey: Buffer
  readonly #messageIdKey: Buffer
  readonly #numberSealKey: Buffer

  constructor(secret: Buffer) {
    if (secret.length < INBOX_SECRET_BYTES) throw new InboxSecretError('the inbox secret is too short')
    this.#numberKey = derive(secret, 'number')
    this.#tokenKey = derive(secret, 'json-token')
    this.#lineKey = derive(secret, 'android-line')
    this.#messageIdKey = derive(secret, 'provider-message-id')
    this.#numberSealKey = derive(secret, 'number-seal')
  }

  /** A receiving number (E.164) as the database keeps it: per team, so teams cannot be linked by it. */
  numberHash(teamId: string, e164: string): Buffer {
    return hmac(this.#numberKey, teamId, e164)
  }

  /** android-sms-gateway's `:line` for a number: opaque, and no help in finding the number. */
  lineId(teamId: string, numberHash: Buffer): string {
    return hmac(this.#lineKey, teamId, numberHash.toString('base64url')).subarray(0, 18).toString('base64url')
  }

  /**
   * The json endpoint's path token of a team at its token generation (inbox_settings): 32 bytes,
   * base64url. Generation 0 is the token from before rotation existed, so URLs given then still work.
   */
  jsonToken(teamId: string, generation: number): string {
    const key =
      generation === 0 ? hmac(this.#tokenKey, teamId) : hmac(this.#tokenKey, teamId, String(generation))
    return key.toString('base64url')
  }

  /** Whether `token` is the team's token at `generation` (only the current one is ever asked). */
  jsonTokenMatches(teamId: string, generation: number, token: string): boolean {
    const expected = Buffer.from(this.jsonToken(teamId, generation))
    const given = Buffer.from(token)
    return given.length === expected.length && timingSafeEqual(given, expected)
  }

  /** The number, for a webhook that names only its line: sealed to this server's secret, not to a device. */
  sealNumber(teamId: string, numberHash: Buffer, e164: string): Buffer {
    return sealWithAad(this.#numberSealKey, numberPlace(teamId, numberHash), Buffer.from(e164, 'utf8'))
  }

  /** The number sealed at enable, or undefined when it was sealed under another secret. */
  openNumber(teamId: string, numberHash: Buffer, sealed: Buffer): string | undefined {
    return openWithAad(this.#numberSealKey, numberPlace(teamId, numberHash), sealed)?.toString('utf8')
  }

  /** A provider's message id as kept for recognising duplicates. */
  providerMessageHash(teamId: string, provider: string, id: string): Buffer {
    return hmac(this.#messageIdKey, teamId, provider, id)
  }
}
