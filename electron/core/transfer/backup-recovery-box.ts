import { z } from 'zod'
import { isSealedKey, type CiphertextPlace } from '../crypto/aead.ts'
import { deriveKeyFromPassword, SALT_BYTES, scryptParamsSchema } from '../crypto/password-kdf.ts'
import { parseRecoveryKey } from '../crypto/recovery-key.ts'
import {
  recipientPublicKey,
  unwrapWithSeed,
  wrapToRecipient,
  X25519_KEY_BYTES,
} from '../crypto/recovery-recipient.ts'
import { wipe } from '../crypto/secret-bytes.ts'
import { unreadable, wrongPassword } from '../importers/import-errors.ts'
import { checkScryptParameters } from '../importers/import-crypto.ts'
import type { RecoveryRecipient } from '../vault/backup-slots.ts'

/**
 * A backup's recovery box: its master key wrapped to the vault's recovery public key, with the scrypt
 * settings and salt that turn the recovery key back into the private half — what the vault's own
 * recovery slot stores. Unlike the Aegis recovery slot (scrypt of the recovery key, which only the
 * recovery key can remake) it follows a new vault key after a password change, so every backup keeps
 * opening with the recovery key. It sits in the header beside `slots`, not in it: Aegis refuses a slot
 * type it does not know, and reads its header by name, so an extra field passes it by.
 */
export const RECOVERY_BOX_FIELD = 'twofold_recovery'
const BACKUP_KIND = 'backup'

const boxSchema = z.strictObject({
  version: z.literal(1),
  kdf: scryptParamsSchema,
  salt: z.string().regex(/^[0-9a-f]{64}$/),
  recipient_key: z.string().regex(/^[0-9a-f]{64}$/),
  ephemeral_key: z.string().regex(/^[0-9a-f]{64}$/),
  key: z.string().max(200),
})
export type RecoveryBox = z.infer<typeof boxSchema>

/** The wrap is bound to this backup's database nonce: a box moved onto another backup does not open. */
function placeOf(databaseNonce: string): CiphertextPlace {
  return { table: 'backup', row: databaseNonce, column: RECOVERY_BOX_FIELD }
}

export function recoveryBox(
  masterKey: Uint8Array,
  recipient: RecoveryRecipient,
  databaseNonce: string,
): RecoveryBox {
  const { ephemeralKey, wrappedKey } = wrapToRecipient(
    recipient.recipientKey,
    masterKey,
    placeOf(databaseNonce),
  )
  return {
    version: 1,
    kdf: scryptParamsSchema.parse(recipient.params),
    salt: recipient.salt.toString('hex'),
    recipient_key: recipient.recipientKey.toString('hex'),
    ephemeral_key: ephemeralKey.toString('hex'),
    key: wrappedKey.toString('base64'),
  }
}

/**
 * The master key from the header's recovery box, or null when the backup has none (one written before
 * boxes, or by Aegis). A recovery key that derives another public key is a wrong key; the right one
 * that still does not open the box means the box was damaged or altered.
 */
export async function openRecoveryBox(
  header: unknown,
  databaseNonce: string,
  recoveryKey: string,
): Promise<Buffer | null> {
  const raw =
    typeof header === 'object' && header !== null
      ? (header as Record<string, unknown>)[RECOVERY_BOX_FIELD]
      : undefined
  if (raw === undefined) return null
  const box = boxSchema.safeParse(raw)
  const wrappedKey = box.success ? Buffer.from(box.data.key, 'base64') : null
  if (!box.success || !wrappedKey || !isSealedKey(wrappedKey))
    throw unreadable("This backup's recovery box is damaged: restore it with the vault's password.")
  checkScryptParameters(box.data.kdf, BACKUP_KIND)
  const salt = Buffer.from(box.data.salt, 'hex')
  if (salt.length !== SALT_BYTES) throw unreadable("This backup's recovery box is damaged.")
  const secret = parseRecoveryKey(recoveryKey)
  let seed: Buffer | undefined
  try {
    seed = await deriveKeyFromPassword(secret, salt, box.data.kdf)
    const recipient = Buffer.from(box.data.recipient_key, 'hex')
    if (!recipientPublicKey(seed).equals(recipient)) throw wrongPassword(BACKUP_KIND)
    const ephemeral = Buffer.from(box.data.ephemeral_key, 'hex')
    if (ephemeral.length !== X25519_KEY_BYTES) throw unreadable("This backup's recovery box is damaged.")
    try {
      return unwrapWithSeed(seed, recipient, ephemeral, wrappedKey, placeOf(databaseNonce))
    } catch {
      throw unreadable(
        "This backup's recovery box was damaged or altered: the recovery key is right, but it does not open. Restore it with the vault's password, or use another backup.",
      )
    }
  } finally {
    wipe(secret, seed)
  }
}
