import type Database from 'better-sqlite3'
import { randomUUID } from 'node:crypto'
import { isSealedKey, open, seal, type CiphertextPlace } from '../crypto/aead.ts'
import {
  DEFAULT_ARGON2ID,
  DEFAULT_SCRYPT,
  deriveKeyFromPassword,
  isArgon2id,
  kdfParamsSchema,
  saltBytesFor,
  type KdfParams,
} from '../crypto/password-kdf.ts'
import {
  recipientPublicKey,
  unwrapWithSeed,
  wrapToRecipient,
  X25519_KEY_BYTES,
} from '../crypto/recovery-recipient.ts'
import { randomSecret, wipe } from '../crypto/secret-bytes.ts'
import { TwofoldError } from '../errors.ts'

export type SlotKind = 'keychain' | 'password' | 'recovery'

interface SlotRow {
  id: string
  kind: SlotKind
  kdf_params: string | null
  salt: Buffer | null
  wrapped_key: Buffer | null
  recipient_key: Buffer | null
  ephemeral_key: Buffer | null
}

function placeOf(slotId: string): CiphertextPlace {
  return { table: 'key_slots', row: slotId, column: 'wrapped_key' }
}

export function slotKinds(db: Database.Database): Set<SlotKind> {
  const rows = db.prepare('SELECT kind FROM key_slots').all() as { kind: SlotKind }[]
  return new Set(rows.map((row) => row.kind))
}

/** A slot row ready to insert: the vault key wrapped under a key derived from `secret`. */
export interface PreparedSlot {
  id: string
  kind: SlotKind
  kdfParams: string | null
  salt: Buffer | null
  wrappedKey: Buffer | null
  /** Recovery slots only: the recovery key's X25519 public key, and the ephemeral one of this wrap. */
  recipientKey: Buffer | null
  ephemeralKey: Buffer | null
  /** The recipient key sealed under the vault key, so a swapped public key is noticed. */
  recipientCheck: Buffer | null
}

/** Where the recovery slot's public key is sealed: by kind, so it survives the slot's new id. */
export const RECIPIENT_CHECK_PLACE = { table: 'key_slots', row: 'recovery', column: 'recipient_check' }

/**
 * A password slot wraps the vault key under a key derived from the password. A recovery slot derives
 * an X25519 key pair from the recovery key and wraps the vault key to its public half, so
 * `rewrapRecoverySlot` can wrap a new vault key without the recovery key.
 */
export async function prepareWrappedSlot(
  kind: 'password' | 'recovery',
  vaultKey: Uint8Array,
  secret: Uint8Array,
): Promise<PreparedSlot> {
  const id = randomUUID()
  // The recovery key is 160 random bits: no guessing to slow down, so scrypt (as before) is plenty.
  // A password is whatever a person chose, so its slot gets the memory-hard Argon2id.
  const params: KdfParams = kind === 'password' ? DEFAULT_ARGON2ID : DEFAULT_SCRYPT
  const salt = randomSecret(saltBytesFor(params))
  const derived = await deriveKeyFromPassword(secret, salt, params)
  try {
    const base = { id, kind, kdfParams: JSON.stringify(params), salt }
    if (kind === 'password') {
      return {
        ...base,
        wrappedKey: seal(derived, placeOf(id), vaultKey),
        recipientKey: null,
        ephemeralKey: null,
        recipientCheck: null,
      }
    }
    const recipientKey = recipientPublicKey(derived)
    return {
      ...base,
      recipientKey,
      ...wrapToRecipient(recipientKey, vaultKey, placeOf(id)),
      recipientCheck: seal(vaultKey, RECIPIENT_CHECK_PLACE, recipientKey),
    }
  } finally {
    wipe(derived)
  }
}

/**
 * The recovery slot again, for a new vault key: same recovery key, same salt, a fresh wrap. Null for
 * a slot from before migration 007, which only the recovery key itself can remake.
 */
export function rewrapRecoverySlot(
  db: Database.Database,
  currentKey: Uint8Array,
  newKey: Uint8Array,
): PreparedSlot | null {
  const slot = readWrappedSlot(db, 'recovery')
  if (!slot.recipientKey) return null
  const row = db.prepare("SELECT recipient_check FROM key_slots WHERE kind = 'recovery'").get() as {
    recipient_check: Buffer | null
  }
  let checked: Buffer | null
  try {
    checked = row.recipient_check ? open(currentKey, RECIPIENT_CHECK_PLACE, row.recipient_check) : null
  } catch {
    checked = null
  }
  if (!checked?.equals(slot.recipientKey)) {
    throw new TwofoldError(
      'vault-tampered',
      "The vault's recovery slot was altered, so no new key was made: it could have gone to someone else. Unlock once with your recovery key and Twofold remakes the slot.",
    )
  }
  const id = randomUUID()
  return {
    id,
    kind: 'recovery',
    kdfParams: JSON.stringify(slot.params),
    salt: slot.salt,
    recipientKey: slot.recipientKey,
    ...wrapToRecipient(slot.recipientKey, newKey, placeOf(id)),
    recipientCheck: seal(newKey, RECIPIENT_CHECK_PLACE, slot.recipientKey),
  }
}

/** Whether the recovery slot predates migration 007: it wraps under scrypt alone and cannot be re-wrapped. */
export function recoverySlotIsLegacy(db: Database.Database): boolean {
  const row = db.prepare("SELECT recipient_key FROM key_slots WHERE kind = 'recovery'").get() as
    { recipient_key: Buffer | null } | undefined
  return row !== undefined && row.recipient_key === null
}

export function keychainSlot(): PreparedSlot {
  return {
    id: randomUUID(),
    kind: 'keychain',
    kdfParams: null,
    salt: null,
    wrappedKey: null,
    recipientKey: null,
    ephemeralKey: null,
    recipientCheck: null,
  }
}

/** Inserts the slot, replacing any slot of the same kind (there is at most one of each). */
export function storeSlot(db: Database.Database, slot: PreparedSlot, createdAt: string): void {
  db.prepare('DELETE FROM key_slots WHERE kind = ?').run(slot.kind)
  db.prepare(
    `INSERT INTO key_slots (id, kind, created_at, kdf_params, salt, wrapped_key, recipient_key, ephemeral_key, recipient_check)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    slot.id,
    slot.kind,
    createdAt,
    slot.kdfParams,
    slot.salt,
    slot.wrappedKey,
    slot.recipientKey,
    slot.ephemeralKey,
    slot.recipientCheck,
  )
}

export function removeSlot(db: Database.Database, kind: SlotKind): void {
  db.prepare('DELETE FROM key_slots WHERE kind = ?').run(kind)
}

/** A password or recovery slot read from the file and checked for what can be told without its secret. */
export interface WrappedSlot {
  id: string
  kind: 'password' | 'recovery'
  params: KdfParams
  salt: Buffer
  wrappedKey: Buffer
  recipientKey: Buffer | null
  ephemeralKey: Buffer | null
}

/**
 * Reads a password or recovery slot. What can be told from the slot alone is called damage, not a
 * wrong secret, and is found before any attempt is counted.
 */
export function readWrappedSlot(db: Database.Database, kind: 'password' | 'recovery'): WrappedSlot {
  const row = db
    .prepare(
      'SELECT id, kind, kdf_params, salt, wrapped_key, recipient_key, ephemeral_key FROM key_slots WHERE kind = ?',
    )
    .get(kind) as SlotRow | undefined
  if (!row) {
    throw new TwofoldError(
      'slot-missing',
      `This vault has no ${kind === 'password' ? 'password' : 'recovery key'}.`,
    )
  }
  const secretName = kind === 'password' ? 'password' : 'recovery key'
  const damaged = (what: string) =>
    new TwofoldError(
      'vault-corrupt',
      `The vault's ${secretName} slot ${what}, so the ${secretName} cannot open it. Unlock with your ${kind === 'password' ? 'recovery key' : 'password'}.`,
    )
  if (!row.salt || !row.wrapped_key || !row.kdf_params) throw damaged('is incomplete')
  const params = kdfParamsSchema.safeParse(safeJson(row.kdf_params))
  if (!params.success) throw damaged('has unreadable settings')
  if (row.salt.length !== saltBytesFor(params.data) || !isSealedKey(row.wrapped_key))
    throw damaged('is damaged')
  const recipient = row.recipient_key
  const ephemeral = row.ephemeral_key
  if (
    (recipient === null) !== (ephemeral === null) ||
    (kind === 'password' && recipient !== null) ||
    (recipient !== null && recipient.length !== X25519_KEY_BYTES) ||
    (ephemeral !== null && ephemeral.length !== X25519_KEY_BYTES)
  )
    throw damaged('is damaged')
  return {
    id: row.id,
    kind,
    params: params.data,
    salt: row.salt,
    wrappedKey: row.wrapped_key,
    recipientKey: recipient,
    ephemeralKey: ephemeral,
  }
}

/**
 * Unwraps the vault key from a slot. Returns null when the secret is wrong — authenticated encryption
 * cannot tell a wrong secret from a damaged slot, so neither do we.
 */
export async function unwrapWrappedSlot(slot: WrappedSlot, secret: Uint8Array): Promise<Buffer | null> {
  const wrappingKey = await deriveKeyFromPassword(secret, slot.salt, slot.params)
  try {
    if (slot.recipientKey && slot.ephemeralKey) {
      return unwrapWithSeed(
        wrappingKey,
        slot.recipientKey,
        slot.ephemeralKey,
        slot.wrappedKey,
        placeOf(slot.id),
      )
    }
    return open(wrappingKey, placeOf(slot.id), slot.wrappedKey)
  } catch {
    return null
  } finally {
    wipe(wrappingKey)
  }
}

export async function unwrapSlot(
  db: Database.Database,
  kind: 'password' | 'recovery',
  secret: Uint8Array,
): Promise<Buffer | null> {
  return unwrapWrappedSlot(readWrappedSlot(db, kind), secret)
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}

/** A password slot from before Argon2id: the next unlock with its password remakes it. */
export function passwordSlotIsScrypt(db: Database.Database): boolean {
  const row = db.prepare("SELECT kdf_params FROM key_slots WHERE kind = 'password'").get() as
    { kdf_params: string | null } | undefined
  if (!row?.kdf_params) return false
  const params = kdfParamsSchema.safeParse(safeJson(row.kdf_params))
  return params.success && !isArgon2id(params.data)
}
