import { createHmac, type KeyObject } from 'node:crypto'
import { HOTP, Secret, TOTP } from 'otpauth'
import { encodeSteamCode } from '../electron/core/engine/index.ts'
import type { OtpParameters } from '../electron/core/engine/index.ts'

/** One account's authenticator, decrypted, as every code generator in the comparison gets it. */
export interface PlainAuthenticator {
  accountId: string
  params: OtpParameters
  key: Buffer
  counter: number
}

const HASHES = { SHA1: 'sha1', SHA256: 'sha256', SHA512: 'sha512' } as const

/**
 * RFC 4226/6238 with nothing but node:crypto: one HMAC and the truncation per account, no checks, no
 * options objects. No TOTP implementation in this process can be faster, so it is the limit the
 * engine's cost is measured against.
 */
export function hmacLoopCodes(
  authenticators: readonly (Omit<PlainAuthenticator, 'key'> & { key: Uint8Array | KeyObject })[],
  nowMs: number,
): string[] {
  const seconds = Math.floor(nowMs / 1000)
  const message = Buffer.alloc(8)
  const codes = new Array<string>(authenticators.length)
  for (let index = 0; index < authenticators.length; index++) {
    const { params, key, counter } = authenticators[index] as (typeof authenticators)[number]
    const step = params.type === 'hotp' ? counter : Math.floor(seconds / params.period)
    message.writeUInt32BE(Math.floor(step / 0x1_0000_0000), 0)
    message.writeUInt32BE(step >>> 0, 4)
    const mac = createHmac(HASHES[params.algorithm], key).update(message).digest()
    const offset = (mac[mac.length - 1] as number) & 0x0f
    const truncated = mac.readUInt32BE(offset) & 0x7fffffff
    codes[index] =
      params.type === 'steam'
        ? encodeSteamCode(truncated)
        : String(truncated % 10 ** params.digits).padStart(params.digits, '0')
  }
  return codes
}

/**
 * The `otpauth` library's objects, built once per account as an app using it would keep them. It has
 * no Steam encoding, so Steam accounts get a 5-digit TOTP from it: the same HMAC work, other letters.
 */
export function otpauthGenerators(authenticators: readonly PlainAuthenticator[]): (TOTP | HOTP)[] {
  return authenticators.map(({ params, key, counter }) => {
    const secret = new Secret({ buffer: Uint8Array.from(key).buffer })
    return params.type === 'hotp'
      ? new HOTP({ secret, algorithm: params.algorithm, digits: params.digits, counter })
      : new TOTP({ secret, algorithm: params.algorithm, digits: params.digits, period: params.period })
  })
}

export function otpauthCodes(generators: readonly (TOTP | HOTP)[], nowMs: number): string[] {
  return generators.map((generator) =>
    generator instanceof HOTP
      ? generator.generate({ counter: generator.counter })
      : generator.generate({ timestamp: nowMs }),
  )
}
