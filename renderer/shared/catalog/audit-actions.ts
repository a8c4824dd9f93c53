/**
 * The audit log's actions, in words. The list lives in the core (electron/core/audit), out of the
 * window's reach; an action missing here still shows, under its raw name.
 */
export const auditActionLabels: Readonly<Record<string, string>> = {
  'code.copied': 'Code copied',
  'backup-code.used': 'Backup code used',
  'backup-code.copied': 'Backup code copied',
  'backup-codes.set': 'Backup codes saved',
  'backup-codes.revealed': 'Backup codes revealed',
  'account.added': 'Account added',
  'account.changed': 'Account changed',
  'account.deleted': 'Account deleted',
  'account.restored': 'Account restored',
  'client.added': 'Client added',
  'vault.unlocked': 'Vault unlocked',
  'vault.locked': 'Vault locked',
  import: 'Import',
  export: 'Export',
}

export function auditActionLabel(action: string): string {
  return auditActionLabels[action] ?? action
}
