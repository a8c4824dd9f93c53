import { createDecipheriv, pbkdf2 as pbkdf2Callback, scrypt as scryptCallback } from 'node:crypto'
import { deriveArgon2idKey } from '../crypto/password-kdf.ts'
import { TwofoldError } from '../errors.ts'
import { hostileParameters } from './import-errors.ts'
import {
  MAX_ARGON2_PARALLELISM,
  MAX_ARGON2_PASSES,
  MAX_KDF_MEMORY_BYTES,
  MAX_PBKDF2_ITERATIONS,
  MAX_SCRYPT_N,
  MAX_SCRYPT_P,
  MAX_SCRYPT_R,
} from './import-limits.ts'

// Key derivation and decryption for other apps' encrypted exports. The parameters come from the file,
// so each check-function runs before a password is even asked for (a file we will refuse anyway
// should not prompt), and again inside the derive-function so no path skips it. Derivation runs on
// Node's thread pool (the callback forms), never on the main thread.

export const KEY_BYTES = 32
const GCM_TAG_BYTES = 16

export interface ScryptParameters {
  n: number
  r: number
  p: number
}

export interface Argon2Parameters {
  memoryKiB: number
  passes: number
  parallelism: number
}

function isWhole(value: number, min: number, max: number): boolean {
  return Number.isSafeInteger(value) && value >= min && value <= max
}

export function checkScryptParameters({ n, r, p }: ScryptParameters, kind: string): void {
  const powerOfTwo = Number.isSafeInteger(n) && n > 1 && (n & (n - 1)) === 0
  if (
    !powerOfTwo ||
    n > MAX_SCRYPT_N ||
    !isWhole(r, 1, MAX_SCRYPT_R) ||
    !isWhole(p, 1, MAX_SCRYPT_P) ||
    128 * n * r > MAX_KDF_MEMORY_BYTES ||
    128 * r * p > MAX_KDF_MEMORY_BYTES
  ) {
    throw hostileParameters(kind)
  }
}

export function checkPbkdf2Iterations(iterations: number, kind: string): void {
  if (!isWhole(iterations, 1, MAX_PBKDF2_ITERATIONS)) throw hostileParameters(kind)
}

export function checkArgon2Parameters(
  { memoryKiB, passes, parallelism }: Argon2Parameters,
  kind: string,
): void {
  if (
    !isWhole(parallelism, 1, MAX_ARGON2_PARALLELISM) ||
    !isWhole(passes, 1, MAX_ARGON2_PASSES) ||
    // Argon2's own floor is 8 KiB per lane.
    !isWhole(memoryKiB, 8 * parallelism, MAX_KDF_MEMORY_BYTES / 1024)
  ) {
    throw hostileParameters(kind)
  }
}

/**
 * The derivation running now, which the next one waits for. A file chooses its own parameters, up to
 * 1 GiB of memory each, and the thread pool would run four at once: one at a time in the whole
 * process (imports and backup restores alike) bounds that to one.
 */
let lastDerivation: Promise<unknown> = Promise.resolve()

function oneAtATime<T>(derive: () => Promise<T>): Promise<T> {
  const turn = lastDerivation.then(derive, derive)
  lastDerivation = turn.catch(() => undefined)
  return turn
}

/** Passwords are UTF-8, as every exporter here encodes them. The caller wipes the returned bytes. */
export function passwordBytes(password: string): Buffer {
  return Buffer.from(password, 'utf8')
}

export async function deriveScrypt(
  password: string,
  salt: Uint8Array,
  params: ScryptParameters,
  kind: string,
): Promise<Buffer> {
  checkScryptParameters(params, kind)
  const secret = passwordBytes(password)
  try {
    return await oneAtATime(
      () =>
        new Promise<Buffer>((resolve, reject) => {
          scryptCallback(
            secret,
            salt,
            KEY_BYTES,
            { N: params.n, r: params.r, p: params.p, maxmem: 128 * params.n * params.r + 16 * 1024 * 1024 },
            (error, key) => (error ? reject(hostileParameters(kind)) : resolve(key)),
          )
        }),
    )
  } finally {
    secret.fill(0)
  }
}

export async function derivePbkdf2(
  password: string,
  salt: Uint8Array,
  iterations: number,
  digest: 'sha1' | 'sha256' | 'sha512',
  kind: string,
): Promise<Buffer> {
  checkPbkdf2Iterations(iterations, kind)
  const secret = passwordBytes(password)
  try {
    return await oneAtATime(
      () =>
        new Promise<Buffer>((resolve, reject) => {
          pbkdf2Callback(secret, salt, iterations, KEY_BYTES, digest, (error, key) =>
            error ? reject(hostileParameters(kind)) : resolve(key),
          )
        }),
    )
  } finally {
    secret.fill(0)
  }
}

/** Argon2id, version 0x13, as libsodium's crypto_pwhash and Bitwarden compute it. */
export async function deriveArgon2id(
  password: string,
  salt: Uint8Array,
  params: Argon2Parameters,
  kind: string,
): Promise<Buffer> {
  checkArgon2Parameters(params, kind)
  const secret = passwordBytes(password)
  try {
    // Node refuses salts shorter than 8 bytes; the readers check that first, so this is a last resort.
    const derived = await oneAtATime(() =>
      deriveArgon2idKey(secret, salt, params).catch(() => Promise.reject(hostileParameters(kind))),
    )
    if (derived) return derived
    throw new TwofoldError(
      'import-unsupported-format',
      `This ${kind} uses Argon2 with several lanes, which this build of Twofold cannot compute.`,
    )
  } finally {
    secret.fill(0)
  }
}

/**
 * AES-256-GCM, or null when the tag does not match (a wrong key, or tampering: GCM cannot tell which).
 * The tag must be the full 16 bytes: Node would accept a truncated tag, which is far easier to forge.
 */
export function openAesGcm(
  key: Uint8Array,
  nonce: Uint8Array,
  ciphertext: Uint8Array,
  tag: Uint8Array,
): Buffer | null {
  if (key.length !== KEY_BYTES || nonce.length !== 12 || tag.length !== GCM_TAG_BYTES) return null
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: GCM_TAG_BYTES })
    decipher.setAuthTag(tag)
    return Buffer.concat([decipher.update(ciphertext), decipher.final()])
  } catch {
    return null
  }
}

/** AES-256-CBC with PKCS#7 padding, or null on bad padding. Callers check a MAC first. */
export function openAesCbc(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Buffer | null {
  if (key.length !== KEY_BYTES || iv.length !== 16 || ciphertext.length % 16 !== 0) return null
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, iv)
    return Buffer.concat([decipher.update(ciphertext), decipher.final()])
  } catch {
    return null
  }
}
