import type Database from 'better-sqlite3'
import { randomUUID } from 'node:crypto'
import { isSealedKey, open, seal, type CiphertextPlace } from '../crypto/aead.ts'
import {
  DEFAULT_SCRYPT,
  deriveKeyFromPassword,
  SALT_BYTES,
  scryptParamsSchema,
  type ScryptParams,
} from '../crypto/password-kdf.ts'
import { randomSecret, wipe } from '../crypto/secret-bytes.ts'
import { TwofoldError } from '../errors.ts'

export type SlotKind = 'keychain' | 'password' | 'recovery'

interface SlotRow {
  id: string
  kind: SlotKind
  kdf_params: string | null
  salt: Buffer | null
  wrapped_key: Buffer | null
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
}

export async function prepareWrappedSlot(
  kind: 'password' | 'recovery',
  vaultKey: Uint8Array,
  secret: Uint8Array,
): Promise<PreparedSlot> {
  const id = randomUUID()
  const salt = randomSecret(SALT_BYTES)
  const wrappingKey = await deriveKeyFromPassword(secret, salt, DEFAULT_SCRYPT)
  try {
    const wrappedKey = seal(wrappingKey, placeOf(id), vaultKey)
    return { id, kind, kdfParams: JSON.stringify(DEFAULT_SCRYPT), salt, wrappedKey }
  } finally {
    wipe(wrappingKey)
  }
}

export function keychainSlot(): PreparedSlot {
  return { id: randomUUID(), kind: 'keychain', kdfParams: null, salt: null, wrappedKey: null }
}

/** Inserts the slot, replacing any slot of the same kind (there is at most one of each). */
export function storeSlot(db: Database.Database, slot: PreparedSlot, createdAt: string): void {
  db.prepare('DELETE FROM key_slots WHERE kind = ?').run(slot.kind)
  db.prepare(
    'INSERT INTO key_slots (id, kind, created_at, kdf_params, salt, wrapped_key) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(slot.id, slot.kind, createdAt, slot.kdfParams, slot.salt, slot.wrappedKey)
}

export function removeSlot(db: Database.Database, kind: SlotKind): void {
  db.prepare('DELETE FROM key_slots WHERE kind = ?').run(kind)
}

/** A password or recovery slot read from the file and checked for what can be told without its secret. */
export interface WrappedSlot {
  id: string
  kind: 'password' | 'recovery'
  params: ScryptParams
  salt: Buffer
  wrappedKey: Buffer
}

/**
 * Reads a password or recovery slot. What can be told from the slot alone is called damage, not a
 * wrong secret, and is found before any attempt is counted.
 */
export function readWrappedSlot(db: Database.Database, kind: 'password' | 'recovery'): WrappedSlot {
  const row = db
    .prepare('SELECT id, kind, kdf_params, salt, wrapped_key FROM key_slots WHERE kind = ?')
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
  const params = scryptParamsSchema.safeParse(safeJson(row.kdf_params))
  if (!params.success) throw damaged('has unreadable settings')
  if (row.salt.length !== SALT_BYTES || !isSealedKey(row.wrapped_key)) throw damaged('is damaged')
  return { id: row.id, kind, params: params.data, salt: row.salt, wrappedKey: row.wrapped_key }
}

/**
 * Unwraps the vault key from a slot. Returns null when the secret is wrong — authenticated encryption
 * cannot tell a wrong secret from a damaged slot, so neither do we.
 */
export async function unwrapWrappedSlot(slot: WrappedSlot, secret: Uint8Array): Promise<Buffer | null> {
  const wrappingKey = await deriveKeyFromPassword(secret, slot.salt, slot.params)
  try {
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
