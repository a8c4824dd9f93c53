import { TwofoldError } from '../errors.ts'
import {
  MAX_SECRET_BYTES,
  MIN_SECRET_BYTES,
  checkOtpParameters,
  type HotpParameters,
  type OtpParameters,
  type TimeBasedParameters,
} from './otp-parameters.ts'
import { decodeBase32Secret } from './secret-text.ts'

/**
 * A secret decoded once, with the parameters its codes need. Codes are computed every second for
 * hundreds of accounts, so Base32 is decoded here and never again. The key lives in a private field:
 * JSON, structuredClone (IPC) and util.inspect (logs) cannot see it, and `wipe()` zeroes the one copy
 * this object owns when the vault locks.
 */
export class PreparedSecret<P extends OtpParameters = OtpParameters> {
  readonly params: P
  #key: Uint8Array | null

  private constructor(params: P, ownedKey: Uint8Array) {
    this.params = checkOtpParameters(params)
    this.#key = ownedKey
  }

  /** Copies `key`: the caller keeps (and should wipe) its own buffer; this object wipes only its copy. */
  static fromBytes<P extends OtpParameters>(params: P, key: Uint8Array): PreparedSecret<P> {
    if (!(key instanceof Uint8Array) || key.length < MIN_SECRET_BYTES) {
      throw new TwofoldError('invalid-secret', 'secret is empty', { field: 'secret' })
    }
    if (key.length > MAX_SECRET_BYTES) {
      throw new TwofoldError('invalid-secret', `secret is too long (at most ${MAX_SECRET_BYTES} bytes)`, {
        field: 'secret',
      })
    }
    return new PreparedSecret(params, new Uint8Array(key))
  }

  static fromBase32<P extends OtpParameters>(params: P, base32: string): PreparedSecret<P> {
    const key = decodeBase32Secret(base32)
    try {
      return new PreparedSecret(params, key)
    } catch (error) {
      key.fill(0)
      throw error
    }
  }

  get wiped(): boolean {
    return this.#key === null
  }

  /** Lends the key to `use` for the length of the call; callers must not keep it. */
  useKey<T>(use: (key: Uint8Array) => T): T {
    if (this.#key === null) {
      throw new TwofoldError('vault-locked', 'The vault is locked: unlock it to see codes')
    }
    return use(this.#key)
  }

  wipe(): void {
    this.#key?.fill(0)
    this.#key = null
  }

  toJSON(): { params: P; wiped: boolean } {
    return { params: this.params, wiped: this.wiped }
  }
}

export function wipeAll(secrets: Iterable<PreparedSecret>): void {
  for (const secret of secrets) secret.wipe()
}

export function isHotp(secret: PreparedSecret): secret is PreparedSecret<HotpParameters> {
  return secret.params.type === 'hotp'
}

export function isTimeBased(secret: PreparedSecret): secret is PreparedSecret<TimeBasedParameters> {
  return secret.params.type === 'totp' || secret.params.type === 'steam'
}
