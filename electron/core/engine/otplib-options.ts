import { createGuardrails, type HashAlgorithm, type OTPHooks } from '@otplib/core'
import { NodeCryptoPlugin } from '@otplib/plugin-crypto-node'
import { createHmac } from 'node:crypto'
import { withoutKeyCheckTraces } from '../crypto/key-check-traces.ts'
import {
  MAX_COUNTER,
  MAX_PERIOD,
  MAX_SECRET_BYTES,
  MIN_SECRET_BYTES,
  type OtpParameters,
} from './otp-parameters.ts'
import { steamHooks } from './steam-guard.ts'

/**
 * otplib's node:crypto plugin, with stack traces off while node:crypto checks the key (see
 * crypto/key-check-traces.ts): the same HMAC at less than half the cost. Names otplib has already
 * normalised skip the plugin's own normalising, which allocated on every code.
 */
class QuietKeyCheckCrypto extends NodeCryptoPlugin {
  override hmac(algorithm: HashAlgorithm, key: Uint8Array, data: Uint8Array): Uint8Array {
    if (!NORMALISED.has(algorithm)) return withoutKeyCheckTraces(() => super.hmac(algorithm, key, data))
    return withoutKeyCheckTraces(() => createHmac(algorithm, key))
      .update(data)
      .digest()
  }
}

const NORMALISED: ReadonlySet<string> = new Set<HashAlgorithm>(['sha1', 'sha256', 'sha512'])

/** Synchronous HMAC via node:crypto: one code per account per second must not cost a promise each. */
export const nodeCrypto = new QuietKeyCheckCrypto()

/**
 * otplib refuses keys under 16 bytes by default, yet 10-byte keys are what many services issue (the
 * classic 16-character Google secret). Our own limits are checked before otplib sees anything.
 */
export const guardrails = createGuardrails({
  MIN_SECRET_BYTES,
  MAX_SECRET_BYTES,
  MAX_PERIOD,
  MAX_COUNTER,
})

const hashAlgorithms = { SHA1: 'sha1', SHA256: 'sha256', SHA512: 'sha512' } as const satisfies Record<
  OtpParameters['algorithm'],
  HashAlgorithm
>

export function otplibOptions(params: OtpParameters): {
  algorithm: HashAlgorithm
  digits: number
  crypto: NodeCryptoPlugin
  guardrails: typeof guardrails
  hooks?: OTPHooks
} {
  const common = {
    algorithm: hashAlgorithms[params.algorithm],
    digits: params.digits,
    crypto: nodeCrypto,
    guardrails,
  }
  return params.type === 'steam' ? { ...common, hooks: steamHooks } : common
}

/** The HMAC of `message` under `key` with the secret's algorithm, through the plugin otplib uses. */
export function hmacOf(params: OtpParameters, key: Uint8Array, message: Uint8Array): Uint8Array {
  return nodeCrypto.hmac(hashAlgorithms[params.algorithm], key, message)
}
