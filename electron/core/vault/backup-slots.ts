import type Database from 'better-sqlite3'
import { createHash } from 'node:crypto'
import { open, seal, type CiphertextPlace } from '../crypto/aead.ts'
import type { KdfParams } from '../crypto/password-kdf.ts'
import { TwofoldError } from '../errors.ts'
import { readWrappedSlot, RECIPIENT_CHECK_PLACE, recoverySlotIsLegacy, slotKinds } from './key-slots.ts'

/**
 * The Aegis slots backups carry (migration 003), each with a digest sealed under the vault key
 * (migration 004). The slot itself must stay plain Aegis JSON — it is copied into every backup's
 * header — so the seal beside it is what tells an intact slot from a damaged or altered one.
 */
export type BackupSlotKind = 'password' | 'recovery'

interface BackupSlotRow {
  kind: BackupSlotKind
  slot: string
  slot_check: Buffer | null
}

type SlotState = 'intact' | 'damaged' | 'unchecked'

function placeOf(kind: BackupSlotKind): CiphertextPlace {
  return { table: 'backup_slots', row: kind, column: 'slot' }
}

function digest(slot: string): Buffer {
  return createHash('sha256').update(slot, 'utf8').digest()
}

export function storeBackupSlot(
  db: Database.Database,
  kind: BackupSlotKind,
  slot: string,
  at: string,
  vaultKey: Uint8Array,
): void {
  db.prepare(
    `INSERT INTO backup_slots (kind, slot, created_at, slot_check) VALUES (?, ?, ?, ?)
     ON CONFLICT (kind) DO UPDATE SET slot = excluded.slot, created_at = excluded.created_at, slot_check = excluded.slot_check`,
  ).run(kind, slot, at, seal(vaultKey, placeOf(kind), digest(slot)))
}

function rows(db: Database.Database): BackupSlotRow[] {
  return db.prepare('SELECT kind, slot, slot_check FROM backup_slots ORDER BY kind').all() as BackupSlotRow[]
}

function stateOf(row: BackupSlotRow, vaultKey: Uint8Array): SlotState {
  if (row.slot_check === null) return parses(row.slot) ? 'unchecked' : 'damaged'
  try {
    return open(vaultKey, placeOf(row.kind), row.slot_check).equals(digest(row.slot)) ? 'intact' : 'damaged'
  } catch {
    return 'damaged'
  }
}

/** The slots to put in a backup, as JSON; refuses rather than copy a damaged slot into a backup. */
export function verifiedBackupSlots(db: Database.Database, vaultKey: Uint8Array): string[] {
  const all = rows(db)
  for (const row of all) {
    if (stateOf(row, vaultKey) !== 'damaged') continue
    const secret = row.kind === 'password' ? 'password' : 'recovery key'
    throw new TwofoldError(
      'vault-tampered',
      `The vault's ${secret} slot for backups was damaged or altered, so no backup was written: it would not open with your ${secret}. Unlock the vault with your ${secret} once and Twofold makes a new one.`,
    )
  }
  return all.map((row) => row.slot)
}

/** True when the slot of this kind is missing or fails its check: the unlock that has its secret remakes it. */
export function backupSlotNeedsRepair(
  db: Database.Database,
  kind: BackupSlotKind,
  vaultKey: Uint8Array,
): boolean {
  const row = rows(db).find((candidate) => candidate.kind === kind)
  return row === undefined || stateOf(row, vaultKey) === 'damaged'
}

/** Seals a check for slots written before migration 004: from now on a change to them is noticed. */
export function sealUncheckedBackupSlots(db: Database.Database, vaultKey: Uint8Array): void {
  const update = db.prepare('UPDATE backup_slots SET slot_check = ? WHERE kind = ? AND slot_check IS NULL')
  for (const row of rows(db)) {
    if (stateOf(row, vaultKey) === 'unchecked')
      update.run(seal(vaultKey, placeOf(row.kind), digest(row.slot)), row.kind)
  }
}

function parses(text: string): boolean {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

/** What a backup's recovery box needs: the vault's recovery public key and how to re-derive its private half. */
export interface RecoveryRecipient {
  recipientKey: Buffer
  params: KdfParams
  salt: Buffer
}

/**
 * The vault recovery slot's public key and derivation settings, checked against their seal under the
 * vault key: a public key swapped in the file would otherwise have every backup opened by someone
 * else's "recovery key". Null for a slot from before migration 007, which has no public key yet.
 */
export function checkedRecoveryRecipient(
  db: Database.Database,
  vaultKey: Uint8Array,
): RecoveryRecipient | null {
  if (!slotKinds(db).has('recovery') || recoverySlotIsLegacy(db)) return null
  const slot = readWrappedSlot(db, 'recovery')
  const row = db.prepare("SELECT recipient_check FROM key_slots WHERE kind = 'recovery'").get() as {
    recipient_check: Buffer | null
  }
  let checked: Buffer | null
  try {
    checked = row.recipient_check ? open(vaultKey, RECIPIENT_CHECK_PLACE, row.recipient_check) : null
  } catch {
    checked = null
  }
  if (!slot.recipientKey || !checked?.equals(slot.recipientKey)) {
    throw new TwofoldError(
      'vault-tampered',
      "The vault's recovery slot was altered, so no backup was written: it could have been opened by someone else's key. Unlock once with your recovery key and Twofold remakes the slot.",
    )
  }
  return { recipientKey: slot.recipientKey, params: slot.params, salt: slot.salt }
}
