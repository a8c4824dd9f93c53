import { useQuery } from '@tanstack/react-query'
import { useMemo } from 'react'
import type { AccountSummary } from '../../../shared/domain/accounts.ts'
import type { PostureFlag } from '../../../shared/domain/flags.ts'
import { managerApi, unwrap, type ApiError } from '../../shared/api.ts'
import { queryKeys, type AuditFilter } from './query-keys.ts'

export interface AccountsData {
  accounts: AccountSummary[]
  flags: PostureFlag[]
  byId: ReadonlyMap<string, AccountSummary>
  flagsByAccount: ReadonlyMap<string, PostureFlag[]>
}

/** Every account and every flag in one call; windows filter by client, flag and search themselves. */
export function useAccounts() {
  const query = useQuery({
    queryKey: queryKeys.accounts,
    queryFn: () => unwrap(managerApi().listAccounts({})),
  })
  const data = useMemo<AccountsData | undefined>(() => {
    if (!query.data) return undefined
    const { accounts, flags } = query.data
    const flagsByAccount = new Map<string, PostureFlag[]>()
    for (const flag of flags) {
      for (const id of flag.accountIds) {
        const list = flagsByAccount.get(id)
        if (list) list.push(flag)
        else flagsByAccount.set(id, [flag])
      }
    }
    return {
      accounts,
      flags,
      byId: new Map(accounts.map((account) => [account.id, account])),
      flagsByAccount,
    }
  }, [query.data])
  return { ...query, data }
}

export function useClients() {
  return useQuery({
    queryKey: queryKeys.clients,
    queryFn: async () => (await unwrap(managerApi().listClients({}))).clients,
  })
}

export function useTrash() {
  return useQuery({
    queryKey: queryKeys.trash,
    queryFn: async () => (await unwrap(managerApi().listTrash({}))).accounts,
  })
}

export function useAuditLog(filter: AuditFilter) {
  return useQuery({
    queryKey: queryKeys.audit(filter),
    queryFn: async () => (await unwrap(managerApi().listAudit({ limit: 500, ...filter }))).entries,
  })
}

export function useSettings() {
  return useQuery({
    queryKey: queryKeys.settings,
    queryFn: () => unwrap(managerApi().getSettings({})),
  })
}

/**
 * The core's reading of a phone number: its normalised and masked forms, or why it is not a number.
 * Used both as people type and to mask stored numbers exactly as the core does.
 */
export function usePhoneReading(text: string) {
  const trimmed = text.trim()
  return useQuery<{ e164: string; national: string; masked: string; country: string | null }, ApiError>({
    queryKey: queryKeys.phone(trimmed),
    queryFn: () => unwrap(managerApi().normalizePhone({ text: trimmed })),
    enabled: trimmed !== '',
    placeholderData: (previous) => previous,
  })
}

/** Backup folder, the backups in it, and whether the 7-day reminder is due. */
export function useBackupStatus() {
  return useQuery({
    queryKey: queryKeys.backups,
    queryFn: () => unwrap(managerApi().getBackupStatus({})),
    // Automatic backups are written in the background ten seconds after a change.
    refetchInterval: 60_000,
  })
}
