import { createHmac, hkdfSync } from 'node:crypto'
import { withoutKeyCheckTraces } from './key-check-traces.ts'
import { wipe } from './secret-bytes.ts'

/**
 * A keyed hash of an authenticator secret. Equal secrets give equal fingerprints, so duplicates are
 * found with an index lookup instead of decrypting every row; without the vault key the fingerprint
 * says nothing about the secret.
 */
export function secretFingerprint(vaultKey: Uint8Array, secret: Uint8Array): Buffer {
  // One fingerprint per account imported or added: the key checks' stack traces were most of its cost.
  return withoutKeyCheckTraces(() => {
    const key = Buffer.from(
      hkdfSync('sha256', vaultKey, Buffer.alloc(0), 'twofold/secret-fingerprint/v1', 32),
    )
    try {
      return createHmac('sha256', key).update(secret).digest()
    } finally {
      wipe(key)
    }
  })
}
