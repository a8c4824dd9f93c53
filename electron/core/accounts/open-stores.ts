import { BackupCodeStore } from '../backup-codes/backup-code-store.ts'
import type { Vault } from '../vault/vault.ts'
import { AccountStore } from './account-store.ts'
import type { AuditTrail } from './audit-trail.ts'

/** The unlocked vault's accounts, each change recorded in its audit log. */
export function openAccountStore(vault: Vault, audit: AuditTrail, now: () => number): AccountStore {
  return new AccountStore(vault.requireUnlockedDatabase(), vault.keyAccess(), audit.log(), now)
}

/** The unlocked vault's backup codes, each change recorded in its audit log. */
export function openBackupCodeStore(vault: Vault, audit: AuditTrail, now: () => number): BackupCodeStore {
  return new BackupCodeStore(
    vault.requireUnlockedDatabase(),
    vault.keyAccess(),
    audit.log(),
    audit.actor,
    now,
  )
}
