import type Database from 'better-sqlite3'
import { open, seal } from '../crypto/aead.ts'
import { wipe } from '../crypto/secret-bytes.ts'
import { secretFingerprint } from '../crypto/secret-fingerprint.ts'

/**
 * Every column that holds values sealed under the vault key (see crypto/aead.ts: the associated data
 * names table, row and column). Replacing the vault key re-seals each of them in one transaction, so a
 * new sealed column is one line here — and test/unit/vault/sealed-columns.test.ts fails until a new
 * BLOB column is listed here or among the columns that are not sealed under the vault key.
 */
export interface SealedColumn {
  table: string
  column: string
  /** The column whose value is the `row` of the associated data. */
  rowKey: string
  /** The `column` of the associated data when it is not the column's own name. */
  placeColumn?: string
  /** Kept in step with the plaintext when the key changes (a keyed hash of it). */
  derived?: { column: string; compute(vaultKey: Uint8Array, plaintext: Uint8Array): Buffer }
}

export const SEALED_COLUMNS: readonly SealedColumn[] = [
  { table: 'vault_meta', column: 'key_check', rowKey: 'vault_id' },
  {
    table: 'authenticators',
    column: 'secret',
    rowKey: 'account_id',
    derived: { column: 'secret_fingerprint', compute: secretFingerprint },
  },
  { table: 'backup_codes', column: 'code', rowKey: 'id' },
  // The check seals a digest of `slot`, and names that column.
  { table: 'backup_slots', column: 'slot_check', rowKey: 'kind', placeColumn: 'slot' },
  { table: 'key_slots', column: 'recipient_check', rowKey: 'kind' },
  { table: 'audit_chain', column: 'sealed_key', rowKey: 'id' },
  { table: 'team_membership', column: 'agreement_private_key', rowKey: 'device_id' },
  { table: 'team_membership', column: 'signing_private_key', rowKey: 'device_id' },
  { table: 'team_client_keys', column: 'client_key', rowKey: 'id' },
  { table: 'team_accounts', column: 'agreed_record', rowKey: 'account_id' },
  { table: 'team_accounts', column: 'conflict_record', rowKey: 'account_id' },
  { table: 'team_invites', column: 'secret', rowKey: 'invite_id' },
]

/**
 * BLOB columns that are not sealed under the vault key, and why. With SEALED_COLUMNS this accounts for
 * every BLOB column of the schema.
 */
export const NOT_SEALED_UNDER_VAULT_KEY: Readonly<Record<string, string>> = {
  'key_slots.salt': 'a public salt',
  'key_slots.wrapped_key': 'the vault key itself, wrapped by the slot (remade by the slot on a new key)',
  'key_slots.recipient_key': 'a public key',
  'key_slots.ephemeral_key': 'a public key',
  'authenticators.secret_fingerprint': 'a keyed hash, recomputed with authenticators.secret',
  'audit_log.chain_mac': "an HMAC under the audit chain's own key, which a new vault key does not change",
  'audit_chain.legacy_mac': "an HMAC under the audit chain's own key",
  'audit_chain.head_mac': "an HMAC under the audit chain's own key",
  'audit_chain.head_seal': "an HMAC under the audit chain's own key",
}

/**
 * Opens every sealed value with `currentKey` and seals it again with `newKey`, in place. Run inside the
 * transaction that swaps the key slots: the file then holds all old or all new. A value that does not
 * open with the current key throws `vault-tampered` and the transaction rolls back.
 */
export function resealAll(db: Database.Database, currentKey: Uint8Array, newKey: Uint8Array): number {
  let count = 0
  for (const entry of SEALED_COLUMNS) {
    const rows = db
      .prepare(
        `SELECT ${entry.rowKey} AS row_key, ${entry.column} AS sealed FROM ${entry.table} WHERE ${entry.column} IS NOT NULL`,
      )
      .all() as { row_key: string | number; sealed: Buffer }[]
    const setDerived = entry.derived ? `, ${entry.derived.column} = ?` : ''
    const update = db.prepare(
      `UPDATE ${entry.table} SET ${entry.column} = ?${setDerived} WHERE ${entry.rowKey} = ?`,
    )
    for (const row of rows) {
      const place = { table: entry.table, row: row.row_key, column: entry.placeColumn ?? entry.column }
      const plaintext = open(currentKey, place, row.sealed)
      try {
        const resealed = seal(newKey, place, plaintext)
        if (entry.derived) update.run(resealed, entry.derived.compute(newKey, plaintext), row.row_key)
        else update.run(resealed, row.row_key)
      } finally {
        wipe(plaintext)
      }
      count++
    }
  }
  return count
}
