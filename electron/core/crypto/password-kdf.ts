import { scrypt as scryptCallback } from 'node:crypto'
import { z } from 'zod'
import { TwofoldError } from '../errors.ts'
import { allocSecret } from './secret-bytes.ts'
import { KEY_BYTES } from './aead.ts'

/**
 * scrypt with Aegis's parameters (N=2^15, r=8, p=1, 256-bit salt), so a slot costs an attacker the same
 * as an Aegis password slot and a person about a tenth of a second.
 */
export const scryptParamsSchema = z.strictObject({
  n: z.number().int(),
  r: z.number().int(),
  p: z.number().int(),
})
export type ScryptParams = z.infer<typeof scryptParamsSchema>

export const DEFAULT_SCRYPT: ScryptParams = { n: 2 ** 15, r: 8, p: 1 }
export const SALT_BYTES = 32

/** Caps refuse parameters a tampered or hostile file could use to stall the app or exhaust memory. */
const MAX_N = 2 ** 20
const MAX_R = 32
const MAX_P = 16
const MAX_MEMORY_BYTES = 1024 * 1024 * 1024

export async function deriveKeyFromPassword(
  secret: Uint8Array,
  salt: Uint8Array,
  params: ScryptParams = DEFAULT_SCRYPT,
): Promise<Buffer> {
  checkParams(params)
  const memory = 128 * params.n * params.r * (params.p + 2)
  const derived = await new Promise<Buffer>((resolve, reject) => {
    scryptCallback(
      secret,
      salt,
      KEY_BYTES,
      { N: params.n, r: params.r, p: params.p, maxmem: memory + 1024 * 1024 },
      (error, key) => (error ? reject(error) : resolve(key)),
    )
  })
  // scrypt hands back a buffer Node allocated; move it into one we own and wipe the original.
  const key = allocSecret(KEY_BYTES)
  derived.copy(key)
  derived.fill(0)
  return key
}

function checkParams({ n, r, p }: ScryptParams): void {
  const powerOfTwo = n > 1 && (n & (n - 1)) === 0
  if (
    !powerOfTwo ||
    n > MAX_N ||
    r < 1 ||
    r > MAX_R ||
    p < 1 ||
    p > MAX_P ||
    128 * n * r * p > MAX_MEMORY_BYTES
  ) {
    throw new TwofoldError(
      'vault-corrupt',
      'A key slot asks for key-derivation settings outside safe limits.',
    )
  }
}
