import { KEY_BYTES } from '../crypto/aead.ts'
import { parseRecoveryKey } from '../crypto/recovery-key.ts'
import { randomSecret, wipe } from '../crypto/secret-bytes.ts'
import { TwofoldError } from '../errors.ts'
import { toStorageError } from '../store/storage-errors.ts'
import { aegisPasswordSlot } from '../crypto/aegis-password-slot.ts'
import { backupPasswordFor } from '../crypto/backup-password.ts'
import { storeBackupSlot } from './backup-slots.ts'
import { KeychainUnavailableError } from './keychain.ts'
import {
  keychainSlot,
  prepareWrappedSlot,
  recoverySlotIsLegacy,
  removeSlot,
  rewrapRecoverySlot,
  slotKinds,
  storeSlot,
  type PreparedSlot,
} from './key-slots.ts'
import type { OpenVault } from './open-vault.ts'
import { assertStrongPassword } from './password-rule.ts'
import { resealAll } from './sealed-columns.ts'
import { keychainUnavailable } from './vault-keychain.ts'

export interface SetPasswordRequest {
  currentPassword?: string | undefined
  newPassword: string
  /** Needed only for a recovery slot from before migration 007, which cannot be re-wrapped without it. */
  recoveryKey?: string | undefined
}

/**
 * A new password is also a new vault key (see Vault.setPassword). The new key and its slots are
 * derived first, outside any transaction; a lock meanwhile wins, and the swap is one transaction.
 */
export async function changePassword(vault: OpenVault, request: SetPasswordRequest): Promise<void> {
  const { db, session } = vault
  if (slotKinds(db).has('password')) await vault.secrets.verifyPassword(request.currentPassword)
  assertStrongPassword(request.newPassword)
  const recoveryBytes = await recoveryKeyForRewrap(vault, request.recoveryKey)
  const generation = session.generation
  const newKey = randomSecret(KEY_BYTES)
  const bytes = Buffer.from(request.newPassword, 'utf8')
  const recoveryBackupPassword =
    request.recoveryKey === undefined ? null : Buffer.from(backupPasswordFor(request.recoveryKey), 'utf8')
  let slot: PreparedSlot
  let backupSlot: string
  let legacyRecovery: PreparedSlot | null = null
  let recoveryBackupSlot: string | null = null
  try {
    slot = await prepareWrappedSlot('password', newKey, bytes)
    backupSlot = JSON.stringify(await aegisPasswordSlot(newKey, bytes))
    if (recoveryBytes) legacyRecovery = await prepareWrappedSlot('recovery', newKey, recoveryBytes)
    if (recoveryBackupPassword)
      recoveryBackupSlot = JSON.stringify(await aegisPasswordSlot(newKey, recoveryBackupPassword))
  } catch (error) {
    wipe(newKey)
    throw error
  } finally {
    wipe(bytes, recoveryBytes, recoveryBackupPassword)
  }
  // Locked while the slots were derived: the old key is gone, and nothing may be re-sealed.
  const currentKey = session.key
  if (session.lockedSince(generation) || !currentKey) {
    wipe(newKey)
    throw new TwofoldError(
      'vault-locked',
      'The vault was locked before the password changed. Unlock it and try again.',
    )
  }
  const hadKeychainSlot = slotKinds(db).has('keychain')
  try {
    const recovery = legacyRecovery ?? rewrapRecoverySlot(db, currentKey, newKey)
    if (!recovery) throw recoveryKeyRequired()
    asStorageWrite(vault, () =>
      db
        .transaction(() => {
          const at = new Date(vault.now()).toISOString()
          resealAll(db, currentKey, newKey)
          storeSlot(db, slot, at)
          storeSlot(db, recovery, at)
          storeBackupSlot(db, 'password', backupSlot, at, newKey)
          // The Aegis recovery slot wraps under scrypt(recovery key) alone: without that key it cannot
          // follow the new key. It is remade the next time the recovery key is typed; until then the
          // recovery box in every backup (backup-recovery-box.ts) opens them with the recovery key.
          if (recoveryBackupSlot) storeBackupSlot(db, 'recovery', recoveryBackupSlot, at, newKey)
          else db.prepare("DELETE FROM backup_slots WHERE kind = 'recovery'").run()
          if (hadKeychainSlot) {
            removeSlot(db, 'keychain')
            db.prepare('UPDATE vault_meta SET keychain_cleanup_pending = 1 WHERE id = 1').run()
          }
        })
        .immediate(),
    )
  } catch (error) {
    wipe(newKey)
    throw error
  }
  session.replace(newKey)
  // From now on the password is the way in; the old key must not stay where it would bypass it.
  await vault.keychain.finishCleanup(db, vault.vaultId)
}

/** Without a password the keychain becomes the everyday way in, so it must take the key first. */
export async function replacePasswordWithKeychain(
  vault: OpenVault,
  request: { currentPassword: string },
): Promise<void> {
  const { db } = vault
  await vault.secrets.verifyPassword(request.currentPassword)
  vault.keychain.forget()
  if (!(await vault.keychain.isAvailable())) {
    throw new TwofoldError(
      'last-slot',
      'No system keychain is available on this computer, so the password is how you unlock the vault every day. Keep the password.',
    )
  }
  try {
    await vault.keychain.store(vault.vaultId, vault.session.requireKey())
  } catch (error) {
    if (error instanceof KeychainUnavailableError) throw keychainUnavailable()
    throw error
  }
  asStorageWrite(vault, () =>
    db.transaction(() => {
      storeSlot(db, keychainSlot(), new Date(vault.now()).toISOString())
      removeSlot(db, 'password')
      // The item now holds the current key and is the way in: nothing is left to remove.
      db.prepare('UPDATE vault_meta SET keychain_cleanup_pending = 0 WHERE id = 1').run()
      db.prepare("DELETE FROM backup_slots WHERE kind = 'password'").run()
    })(),
  )
}

/**
 * The recovery key, parsed, when the recovery slot predates migration 007 and so can only be remade
 * with it; null when the slot can be re-wrapped without it.
 */
async function recoveryKeyForRewrap(
  vault: OpenVault,
  recoveryKey: string | undefined,
): Promise<Buffer | null> {
  if (recoveryKey === undefined) {
    if (recoverySlotIsLegacy(vault.db)) throw recoveryKeyRequired()
    return null
  }
  const key = await vault.secrets.keyFrom('recovery', recoveryKey)
  const current = vault.session.key
  const same = current !== null && key.equals(current)
  wipe(key)
  if (!same) {
    throw new TwofoldError('vault-tampered', "The recovery key opens a different key than this vault's.")
  }
  return parseRecoveryKey(recoveryKey)
}

function asStorageWrite<T>(vault: OpenVault, work: () => T): T {
  try {
    return work()
  } catch (error) {
    throw toStorageError(error, vault.home)
  }
}

function recoveryKeyRequired(): TwofoldError {
  return new TwofoldError(
    'recovery-key-required',
    'This vault was made by an earlier Twofold: changing its password makes a new vault key, and its recovery slot can only be remade with the recovery key. Enter your recovery key too.',
  )
}
