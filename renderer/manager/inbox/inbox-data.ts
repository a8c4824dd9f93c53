import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query'
import { useCallback, useEffect, useMemo, useState } from 'react'
import { isFreshInboxCode, type InboxEntryView } from '../../../shared/domain/inbox-views.ts'
import { managerApi, messageOf, unwrap } from '../../shared/api.ts'
import { useToast } from '../../shared/components/Toasts.tsx'
import { INBOX_QUERY_PART, queryKeys, vaultDataKey } from '../data/query-keys.ts'

/** Under the vault's prefix: a lock drops the codes with everything else read from the vault. */
export const inboxKey = [...vaultDataKey, INBOX_QUERY_PART] as const

/**
 * The messages this device opened, newest first; asked again when main says the inbox changed, and
 * when the window comes back into focus (main answers from memory while live sync keeps it current,
 * and asks the server only when it does not).
 */
export function useInbox(enabled: boolean) {
  return useQuery({
    queryKey: inboxKey,
    enabled,
    refetchOnWindowFocus: true,
    queryFn: async () => (await unwrap(managerApi().listInbox({}))).entries,
  })
}

/** Main's `inbox:changed` carries nothing but the news: the list is read again. */
export function refreshOnInboxChanges(queryClient: QueryClient): () => void {
  return managerApi().onInboxChanged(() => {
    void queryClient.invalidateQueries({ queryKey: inboxKey })
  })
}

export interface FreshInboxCodes {
  /** Each account's newest fresh code, for its row. */
  byAccount: ReadonlyMap<string, InboxEntryView>
  /** Every fresh code, a shared number's included: the sidebar's count. */
  count: number
}

/**
 * The fresh codes (received under ten minutes ago). Freshness is re-decided every 15 s, not every
 * second, so the whole window does not re-render each tick for it.
 */
export function useFreshInboxCodes(entries: readonly InboxEntryView[] | undefined): FreshInboxCodes {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 15_000)
    return () => window.clearInterval(timer)
  }, [])
  return useMemo(() => {
    const byAccount = new Map<string, InboxEntryView>()
    let count = 0
    for (const entry of entries ?? []) {
      if (!isFreshInboxCode(entry, now)) continue
      count++
      if (entry.match.kind !== 'account') continue
      const current = byAccount.get(entry.match.accountId)
      if (!current || current.receivedAt < entry.receivedAt) byAccount.set(entry.match.accountId, entry)
    }
    return { byAccount, count }
  }, [entries, now])
}

/**
 * Copies a message's code through main (cleared from the clipboard like an app code, audited there)
 * and says which one went there. `label` names it: "@acme.bakery", or the number's masked form.
 */
export function useCopyInboxCode(): (entry: InboxEntryView, label: string) => void {
  const toast = useToast()
  const queryClient = useQueryClient()
  const copy = useCallback(
    async (entry: InboxEntryView, label: string) => {
      try {
        await unwrap(managerApi().copyInboxCode({ messageId: entry.messageId }))
        toast({
          message: `Copied the ${entry.channel === 'whatsapp' ? 'WhatsApp' : 'SMS'} code for ${label}`,
        })
      } catch (error) {
        toast({ message: messageOf(error), tone: 'error' })
      }
      await queryClient.invalidateQueries({ queryKey: queryKeys.auditPrefix })
    },
    [queryClient, toast],
  )
  return useCallback((entry: InboxEntryView, label: string) => void copy(entry, label), [copy])
}

let openRequested = false
const openListeners = new Set<() => void>()

/**
 * Listens, from the window's start, for main asking to show the inbox (a new-code notification was
 * clicked): the request waits for the unlocked manager when it arrives before it, e.g. at the lock
 * screen or while the page is still loading.
 */
export function listenForInboxOpenRequests(): () => void {
  return managerApi().onInboxOpen(() => {
    openRequested = true
    for (const listener of openListeners) listener()
  })
}

/** Calls `open` for a request made before this mounted, and for each one after. */
export function useInboxOpenRequests(open: () => void): void {
  useEffect(() => {
    const serve = () => {
      if (!openRequested) return
      openRequested = false
      open()
    }
    serve()
    openListeners.add(serve)
    return () => {
      openListeners.delete(serve)
    }
  }, [open])
}
