/**
 * Every query that reads the vault lives under one prefix, so locking can drop all of it at once and a
 * change can refresh all of it at once.
 */
export const vaultDataKey = ['vault-data'] as const

/** The inbox's key under the prefix (dropped at lock with the rest, but not refetched on vault changes). */
export const INBOX_QUERY_PART = 'inbox'

export interface AuditFilter {
  action?: string
  accountId?: string
}

export const queryKeys = {
  accounts: [...vaultDataKey, 'accounts'] as const,
  accountsFirstPage: [...vaultDataKey, 'accounts-first-page'] as const,
  clients: [...vaultDataKey, 'clients'] as const,
  trash: [...vaultDataKey, 'trash'] as const,
  settings: [...vaultDataKey, 'settings'] as const,
  audit: (filter: AuditFilter) => [...vaultDataKey, 'audit', filter] as const,
  auditPrefix: [...vaultDataKey, 'audit'] as const,
  phone: (text: string) => [...vaultDataKey, 'phone', text] as const,
  backups: [...vaultDataKey, 'backups'] as const,
  team: [...vaultDataKey, 'team'] as const,
  teamMembers: [...vaultDataKey, 'team', 'members'] as const,
  teamAudit: [...vaultDataKey, 'team', 'audit'] as const,
  teamLastChanges: [...vaultDataKey, 'team', 'last-changes'] as const,
}
