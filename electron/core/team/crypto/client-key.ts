import { randomSecret } from '../../crypto/secret-bytes.ts'

export const CLIENT_KEY_BYTES = 32
/** A shared client starts at key version 1; every rotation (a member or device removed) adds one. */
export const FIRST_KEY_VERSION = 1

/** A fresh 256-bit client key, in a buffer of its own so it can be wiped. */
export function newClientKey(): Buffer {
  return randomSecret(CLIENT_KEY_BYTES)
}
