import { randomBytes, randomUUID } from 'node:crypto'
import type { Backend } from '../../electron/core/app-backend.ts'
import { seal } from '../../electron/core/crypto/aead.ts'
import { DEFAULT_SCRYPT, deriveKeyFromPassword } from '../../electron/core/crypto/password-kdf.ts'
import { parseRecoveryKey } from '../../electron/core/crypto/recovery-key.ts'

/**
 * Rewrites the unlocked vault's recovery slot the way a Twofold from before key rotation wrote it: the
 * vault key under scrypt(recovery key) alone, with no recipient key. Such a slot cannot follow a new
 * vault key without the recovery key, which is what a password change then asks for.
 */
export async function makeRecoverySlotPredateRotation(backend: Backend, recoveryKey: string): Promise<void> {
  const id = randomUUID()
  const salt = randomBytes(32)
  const wrapping = await deriveKeyFromPassword(parseRecoveryKey(recoveryKey), salt, DEFAULT_SCRYPT)
  backend.vault
    .database()
    .prepare(
      `UPDATE key_slots SET id = ?, salt = ?, wrapped_key = ?, recipient_key = NULL, ephemeral_key = NULL,
       recipient_check = NULL WHERE kind = 'recovery'`,
    )
    .run(
      id,
      salt,
      seal(wrapping, { table: 'key_slots', row: id, column: 'wrapped_key' }, backend.vault.requireKey()),
    )
}
