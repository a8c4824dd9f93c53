import { createGuardrails, type HashAlgorithm, type OTPHooks } from '@otplib/core'
import { NodeCryptoPlugin } from '@otplib/plugin-crypto-node'
import {
  MAX_COUNTER,
  MAX_PERIOD,
  MAX_SECRET_BYTES,
  MIN_SECRET_BYTES,
  type OtpParameters,
} from './otp-parameters.ts'
import { steamHooks } from './steam-guard.ts'

/** Synchronous HMAC via node:crypto: one code per account per second must not cost a promise each. */
export const nodeCrypto = new NodeCryptoPlugin()

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
