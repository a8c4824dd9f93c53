import { randomUUID } from 'node:crypto'
import { aegisGcm, aegisPasswordSlot, type AegisPasswordSlot } from '../crypto/aegis-password-slot.ts'
import { randomSecret, wipe } from '../crypto/secret-bytes.ts'
import { encodeBase32Secret } from '../engine/secret-text.ts'
import type { ExportEntry, TwofoldAccountRecord } from '../accounts/export-entry.ts'
import type { RecoveryRecipient } from '../vault/backup-slots.ts'
import { RECOVERY_BOX_FIELD, recoveryBox } from './backup-recovery-box.ts'

/**
 * Writes Aegis's documented vault format (file version 1, database version 3): a random master key
 * encrypts the JSON database with AES-256-GCM, and each password slot wraps that key under
 * scrypt(N=2^15, r=8, p=1) with a 256-bit salt — so the file opens in Aegis on a phone, and in Twofold.
 */
export function aegisDatabase(
  entries: readonly ExportEntry[],
  withoutAuthenticator: readonly TwofoldAccountRecord[] = [],
): object {
  const groups = new Map<string, string>()
  for (const entry of entries) {
    if (entry.group && !groups.has(entry.group)) groups.set(entry.group, randomUUID())
  }
  return {
    version: 3,
    entries: entries.map((entry) => ({
      type: entry.params.type,
      uuid: randomUUID(),
      name: entry.accountName,
      issuer: entry.issuer,
      note: entry.note ?? '',
      favorite: false,
      icon: null,
      info: {
        secret: encodeBase32Secret(entry.secret),
        algo: entry.params.algorithm,
        digits: entry.params.digits,
        ...(entry.params.type === 'hotp' ? { counter: entry.counter ?? 0 } : { period: entry.params.period }),
      },
      groups: entry.group ? [groups.get(entry.group)] : [],
      ...(entry.twofold ? { twofold: entry.twofold } : {}),
    })),
    groups: [...groups].map(([name, uuid]) => ({ uuid, name })),
    icons_optimized: true,
    // Accounts protected only by SMS, WhatsApp or backup codes have no Aegis entry to ride on.
    ...(withoutAuthenticator.length > 0
      ? { twofold: { version: 1, accountsWithoutAuthenticator: withoutAuthenticator } }
      : {}),
  }
}

/**
 * An encrypted Aegis vault. `masterKey` is fresh for an export; a backup uses the vault key itself
 * with slots prepared when the password and recovery key were known (see backup slots), and a
 * recovery box for the vault's recovery key (see backup-recovery-box).
 */
export function encryptedAegisVault(
  entries: readonly ExportEntry[],
  masterKey: Uint8Array,
  slots: readonly AegisPasswordSlot[],
  withoutAuthenticator: readonly TwofoldAccountRecord[] = [],
  recovery: RecoveryRecipient | null = null,
): string {
  const plaintext = Buffer.from(JSON.stringify(aegisDatabase(entries, withoutAuthenticator)), 'utf8')
  try {
    const { ciphertext, nonce, tag } = aegisGcm(masterKey, plaintext)
    const params = { nonce: nonce.toString('hex'), tag: tag.toString('hex') }
    return JSON.stringify(
      {
        version: 1,
        header: {
          slots,
          params,
          ...(recovery ? { [RECOVERY_BOX_FIELD]: recoveryBox(masterKey, recovery, params.nonce) } : {}),
        },
        db: ciphertext.toString('base64'),
      },
      null,
      2,
    )
  } finally {
    wipe(plaintext)
  }
}

/** A one-off export protected by its own password (a client's codes, a move to a phone). */
export async function exportAegisWithPassword(
  entries: readonly ExportEntry[],
  password: string,
): Promise<string> {
  const masterKey = randomSecret(32)
  const passwordBytes = Buffer.from(password, 'utf8')
  try {
    const slot = await aegisPasswordSlot(masterKey, passwordBytes)
    return encryptedAegisVault(entries, masterKey, [slot])
  } finally {
    wipe(masterKey, passwordBytes)
  }
}
