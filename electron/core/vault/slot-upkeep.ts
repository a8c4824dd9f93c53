import { parseRecoveryKey } from '../crypto/recovery-key.ts'
import { wipe } from '../crypto/secret-bytes.ts'
import { aegisPasswordSlot } from '../crypto/aegis-password-slot.ts'
import { backupPasswordFor } from '../crypto/backup-password.ts'
import { bestEffort } from './best-effort.ts'
import { backupSlotNeedsRepair, storeBackupSlot, type BackupSlotKind } from './backup-slots.ts'
import {
  passwordSlotIsScrypt,
  prepareWrappedSlot,
  recoverySlotIsLegacy,
  storeSlot,
  type PreparedSlot,
} from './key-slots.ts'
import type { OpenVault } from './open-vault.ts'
import type { SecretUnlockRequest } from './secret-unlock.ts'

/**
 * What an unlock with the password or the recovery key does while that secret is in hand, and only
 * then: old slots remade in today's form, the keychain item and the secret's backup slot put back.
 * Best effort throughout: the unlock has already succeeded, and what is not remade still opens.
 */
export async function keepSlotsCurrent(
  vault: OpenVault,
  key: Buffer,
  request: SecretUnlockRequest,
): Promise<void> {
  if (request.method === 'recovery') await upgradeRecoverySlot(vault, key, request.recoveryKey)
  if (request.method === 'password') await upgradePasswordSlot(vault, key, request.password)
  await vault.keychain.repairItem(vault.db, vault.vaultId, key)
  await repairBackupSlot(
    vault,
    key,
    request.method,
    request.method === 'password' ? request.password : backupPasswordFor(request.recoveryKey),
  )
}

/**
 * A recovery slot from before migration 007 wraps under scrypt alone; with the recovery key in hand,
 * remake it as one a new vault key can be wrapped to.
 */
async function upgradeRecoverySlot(vault: OpenVault, key: Buffer, recoveryKey: string): Promise<void> {
  if (bestEffort(() => recoverySlotIsLegacy(vault.db)) !== true) return
  await remakeSlot(vault, key, 'recovery', parseRecoveryKey(recoveryKey))
}

/** A scrypt password slot (from before Argon2id) is remade with Argon2id while the password is in hand. */
async function upgradePasswordSlot(vault: OpenVault, key: Buffer, password: string): Promise<void> {
  if (bestEffort(() => passwordSlotIsScrypt(vault.db)) !== true) return
  await remakeSlot(vault, key, 'password', Buffer.from(password, 'utf8'))
}

/** Wipes `secret`; stores nothing if the vault was locked (or its key replaced) while the slot was derived. */
async function remakeSlot(
  vault: OpenVault,
  key: Buffer,
  kind: 'recovery' | 'password',
  secret: Buffer,
): Promise<void> {
  let slot: PreparedSlot
  try {
    slot = await prepareWrappedSlot(kind, key, secret)
  } catch {
    return
  } finally {
    wipe(secret)
  }
  if (!vault.session.holds(key)) return
  bestEffort(() => storeSlot(vault.db, slot, new Date(vault.now()).toISOString()))
}

/**
 * Remakes the backup slot of the secret just typed when it is missing (a vault from before backups)
 * or damaged, so backups open with that secret again. The secret is only ever in hand at unlock.
 */
async function repairBackupSlot(
  vault: OpenVault,
  key: Buffer,
  kind: BackupSlotKind,
  backupPassword: string,
): Promise<void> {
  if (bestEffort(() => backupSlotNeedsRepair(vault.db, kind, key)) !== true) return
  const secret = Buffer.from(backupPassword, 'utf8')
  let slot: string
  try {
    slot = JSON.stringify(await aegisPasswordSlot(key, secret))
  } catch {
    return
  } finally {
    wipe(secret)
  }
  // Locked meanwhile: the key was wiped under the slot, which must then not be stored.
  if (!vault.session.holds(key)) return
  bestEffort(() => storeBackupSlot(vault.db, kind, slot, new Date(vault.now()).toISOString(), key))
}
