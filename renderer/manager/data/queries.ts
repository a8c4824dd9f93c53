import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query'
import { useMemo } from 'react'
import type { AccountSummary } from '../../../shared/domain/accounts.ts'
import type { PostureFlag } from '../../../shared/domain/flags.ts'
import { managerApi, unwrap, type ApiError } from '../../shared/api.ts'
import { queryKeys, type AuditFilter } from './query-keys.ts'

/** Rows the manager asks for before the whole list: more than a screen, few enough to be instant. */
export const FIRST_PAGE = 100

function firstPageQuery() {
  return {
    queryKey: queryKeys.accountsFirstPage,
    queryFn: () => unwrap(managerApi().listAccounts({ first: FIRST_PAGE })),
  }
}

/**
 * Asks for the first rows as the window starts, alongside the vault's status rather than after it:
 * the vault is usually unlocked when the manager opens, and the answer is then waiting when the
 * account list mounts. When it is locked main refuses, the refusal is dropped, and the list asks
 * again once it is unlocked.
 */
export function startLoadingFirstRows(queryClient: QueryClient): void {
  void queryClient.prefetchQuery(firstPageQuery()).then(() => {
    if (queryClient.getQueryState(queryKeys.accountsFirstPage)?.status === 'error')
      queryClient.removeQueries({ queryKey: queryKeys.accountsFirstPage })
  })
}

export interface AccountsData {
  /** In the list's order (client, then handle), as the core sorts them. */
  accounts: AccountSummary[]
  flags: PostureFlag[]
  byId: ReadonlyMap<string, AccountSummary>
  flagsByAccount: ReadonlyMap<string, PostureFlag[]>
  /** How many accounts the vault holds. */
  total: number
  /**
   * False while only the first page is in: `accounts` is its first rows and `flags` only the flags
   * naming them, so counts, the flags view and filters wait for the rest.
   */
  complete: boolean
}

/**
 * Every account and every flag; windows filter by client, flag and search themselves. The first page
 * is asked for first and shown at once; the whole list follows (9 MB at 10,000 accounts) and replaces
 * it. After a change only the whole list is refetched, with the old one on screen meanwhile.
 */
export function useAccounts() {
  const whole = useQueryClient().getQueryData(queryKeys.accounts) !== undefined
  const firstPage = useQuery({ ...firstPageQuery(), enabled: !whole })
  // Asked once the first page is in, so main answers the page before it spends its time on the rest.
  const query = useQuery({
    queryKey: queryKeys.accounts,
    queryFn: () => unwrap(managerApi().listAccounts({})),
    enabled: whole || firstPage.isFetched,
  })
  const answer = query.data ?? firstPage.data
  const data = useMemo<AccountsData | undefined>(() => {
    if (!answer) return undefined
    const { accounts, flags, total } = answer
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
      total,
      complete: accounts.length === total,
    }
  }, [answer])
  return { ...query, error: query.error ?? firstPage.error, data }
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

/** Where this device stands in its team; live sync changes it in the background, so it is re-read. */
export function useTeamStatus() {
  return useQuery({
    queryKey: queryKeys.team,
    queryFn: () => unwrap(managerApi().getTeamStatus({})),
    refetchInterval: 5_000,
  })
}

/** The team's members as the roster says now; colleagues join and leave in the background. */
export function useTeamMembers(enabled = true) {
  return useQuery({
    queryKey: queryKeys.teamMembers,
    enabled,
    queryFn: async () => (await unwrap(managerApi().listTeamMembers({}))).members,
    refetchInterval: 15_000,
  })
}

/** The team server's audit log, in names; re-read as colleagues act. */
export function useTeamAudit() {
  return useQuery({
    queryKey: queryKeys.teamAudit,
    queryFn: () => unwrap(managerApi().teamAudit({ limit: 500 })),
    refetchInterval: 15_000,
  })
}

const NO_CHANGES: ReadonlyMap<string, { by: string; at: string }> = new Map()

/** Who last changed each team account, and when: re-read with the rest of the vault's data. */
export function useTeamLastChanges(enabled: boolean): ReadonlyMap<string, { by: string; at: string }> {
  const query = useQuery({
    queryKey: queryKeys.teamLastChanges,
    enabled,
    queryFn: async () => (await unwrap(managerApi().teamLastChanges({}))).changes,
    select: (changes) =>
      new Map(changes.map((change) => [change.accountId, { by: change.by, at: change.at }])),
  })
  return query.data ?? NO_CHANGES
}
