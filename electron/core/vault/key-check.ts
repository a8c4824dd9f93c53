import type Database from 'better-sqlite3'
import { open, seal, type CiphertextPlace } from '../crypto/aead.ts'
import { wipe } from '../crypto/secret-bytes.ts'

/**
 * A known text sealed under the vault key when the vault is made. A key that opens it is this vault's:
 * that is how a keychain item, an unwrapped slot or a key held since before another process changed
 * the password is told apart from one that would seal values nothing could open again.
 */
const KEY_CHECK_PLAINTEXT = Buffer.from('twofold vault key check v1', 'utf8')

function keyCheckPlace(vaultId: string): CiphertextPlace {
  return { table: 'vault_meta', row: vaultId, column: 'key_check' }
}

export function sealKeyCheck(vaultKey: Uint8Array, vaultId: string): Buffer {
  return seal(vaultKey, keyCheckPlace(vaultId), KEY_CHECK_PLAINTEXT)
}

export function keyMatchesVault(db: Database.Database, vaultId: string, key: Uint8Array): boolean {
  const row = db.prepare('SELECT key_check FROM vault_meta WHERE id = 1').get() as
    { key_check: Buffer } | undefined
  if (!row) return false
  try {
    const plain = open(key, keyCheckPlace(vaultId), row.key_check)
    const ok = plain.equals(KEY_CHECK_PLAINTEXT)
    wipe(plain)
    return ok
  } catch {
    return false
  }
}
