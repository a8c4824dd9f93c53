import * as nodeCrypto from 'node:crypto'
import { scrypt as scryptCallback } from 'node:crypto'
import { z } from 'zod'
import { TwofoldError } from '../errors.ts'
import { allocSecret } from './secret-bytes.ts'
import { KEY_BYTES } from './aead.ts'

/**
 * Password slots (from issue 12 on) use Argon2id: RFC 9106's second recommended setting, 64 MiB and
 * three passes — memory-hard like scrypt, but a GPU or ASIC attacker pays for 64 MiB per guess instead
 * of scrypt N=2^15's 32 MiB, with the memory touched three times. One lane (parallelism 1): that is
 * all libsodium implements, and it keeps Node's `crypto.argon2` and libsodium's `crypto_pwhash` giving
 * the same key, so a slot opens under any Node or Electron, whichever of the two it has. About 0.3 s on
 * a laptop core, paid once per unlock. A 16-byte salt, which both accept (RFC 9106's choice).
 */
export const argon2idParamsSchema = z.strictObject({
  algorithm: z.literal('argon2id'),
  memoryKiB: z.number().int(),
  passes: z.number().int(),
  parallelism: z.literal(1),
})
export type Argon2idParams = z.infer<typeof argon2idParamsSchema>
export const DEFAULT_ARGON2ID: Argon2idParams = {
  algorithm: 'argon2id',
  memoryKiB: 64 * 1024,
  passes: 3,
  parallelism: 1,
}
export const ARGON2_SALT_BYTES = 16

/** What an Argon2id derivation costs; the vault's slots and other apps' exports both name these. */
export interface Argon2Cost {
  memoryKiB: number
  passes: number
  parallelism: number
}
const MIN_ARGON2_MEMORY_KIB = 8 * 1024
const MAX_ARGON2_MEMORY_KIB = 1024 * 1024
const MAX_ARGON2_PASSES = 10

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

/** What a key slot's `kdf_params` holds: scrypt (recovery slots, older password slots) or Argon2id. */
export const kdfParamsSchema = z.union([scryptParamsSchema, argon2idParamsSchema])
export type KdfParams = z.infer<typeof kdfParamsSchema>

export function isArgon2id(params: KdfParams): params is Argon2idParams {
  return 'algorithm' in params
}

export function saltBytesFor(params: KdfParams): number {
  return isArgon2id(params) ? ARGON2_SALT_BYTES : SALT_BYTES
}

/** Caps refuse parameters a tampered or hostile file could use to stall the app or exhaust memory. */
const MAX_N = 2 ** 20
const MAX_R = 32
const MAX_P = 16
const MAX_MEMORY_BYTES = 1024 * 1024 * 1024

export async function deriveKeyFromPassword(
  secret: Uint8Array,
  salt: Uint8Array,
  params: KdfParams = DEFAULT_SCRYPT,
): Promise<Buffer> {
  if (isArgon2id(params)) {
    checkArgon2Params(params)
    return (await deriveWithNode(secret, salt, params)) ?? (await deriveWithLibsodium(secret, salt, params))
  }
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

/**
 * Node's own Argon2id (Node 24.7 and later), run on the thread pool; null where this Node has none
 * (an Electron whose Node predates it).
 */
export async function deriveWithNode(
  secret: Uint8Array,
  salt: Uint8Array,
  params: Argon2Cost,
): Promise<Buffer | null> {
  // Absent from a Node before 24.7 (and an Electron built on one), whatever the types say.
  const { argon2 } = nodeCrypto as Partial<typeof nodeCrypto>
  if (typeof argon2 !== 'function') return null
  const derived = await new Promise<Buffer>((resolve, reject) => {
    argon2(
      'argon2id',
      {
        message: secret,
        nonce: salt,
        parallelism: params.parallelism,
        tagLength: KEY_BYTES,
        memory: params.memoryKiB,
        passes: params.passes,
      },
      (error, key) => (error ? reject(error) : resolve(key)),
    )
  })
  return ownedCopy(derived)
}

/** libsodium's Argon2id (WebAssembly, blocks while it runs): the same key, for a Node without its own. */
export async function deriveWithLibsodium(
  secret: Uint8Array,
  salt: Uint8Array,
  params: Argon2Cost,
): Promise<Buffer> {
  const { default: sodium } = await import('libsodium-wrappers-sumo')
  await sodium.ready
  const derived = sodium.crypto_pwhash(
    KEY_BYTES,
    secret,
    salt,
    params.passes,
    params.memoryKiB * 1024,
    sodium.crypto_pwhash_ALG_ARGON2ID13,
  )
  return ownedCopy(derived)
}

/**
 * Argon2id with Node's own where this Node has it, else libsodium's, which computes only one lane:
 * null for a cost of several lanes on a Node without Argon2 (an Electron whose Node predates it).
 */
export async function deriveArgon2idKey(
  secret: Uint8Array,
  salt: Uint8Array,
  params: Argon2Cost,
): Promise<Buffer | null> {
  const derived = await deriveWithNode(secret, salt, params)
  if (derived) return derived
  return params.parallelism === 1 ? deriveWithLibsodium(secret, salt, params) : null
}

function ownedCopy(derived: Uint8Array): Buffer {
  const key = allocSecret(KEY_BYTES)
  key.set(derived)
  derived.fill(0)
  return key
}

function checkArgon2Params({ memoryKiB, passes }: Argon2idParams): void {
  if (
    memoryKiB < MIN_ARGON2_MEMORY_KIB ||
    memoryKiB > MAX_ARGON2_MEMORY_KIB ||
    passes < 1 ||
    passes > MAX_ARGON2_PASSES
  ) {
    throw new TwofoldError(
      'vault-corrupt',
      'A key slot asks for key-derivation settings outside safe limits.',
    )
  }
}
