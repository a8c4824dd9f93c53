import type Database from 'better-sqlite3'
import type { SecretUnlock } from './secret-unlock.ts'
import type { VaultKeychain } from './vault-keychain.ts'
import type { VaultSession } from './vault-session.ts'

/** What the vault's parts work on once its file is open: the Vault hands it to them per call. */
export interface OpenVault {
  readonly db: Database.Database
  readonly vaultId: string
  /** The vault's folder, named in storage errors. */
  readonly home: string
  readonly now: () => number
  readonly session: VaultSession
  readonly keychain: VaultKeychain
  readonly secrets: SecretUnlock
}
