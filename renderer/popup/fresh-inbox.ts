import { useQuery } from '@tanstack/react-query'
import { useMemo } from 'react'
import { isFreshInboxCode, type InboxEntryView } from '../../shared/domain/inbox-views.ts'
import { unwrap } from '../shared/api.ts'
import { popupApi } from './popup-api.ts'

export const popupInboxKey = ['inbox'] as const

/**
 * The inbox's fresh codes (under ten minutes old), newest first, for the popup to list before the
 * accounts: those for an account whose handle or client matches what was typed, or all of them
 * when nothing is typed.
 */
export function useFreshInboxCodes(query: string, enabled: boolean, now: number): InboxEntryView[] {
  const inbox = useQuery({
    queryKey: popupInboxKey,
    enabled,
    queryFn: async () => (await unwrap(popupApi().listInbox({}))).entries,
  })
  // Decided each 15 s rather than each tick: rows do not jump under the pointer every second.
  const quarter = Math.floor(now / 15_000)
  return useMemo(() => {
    const wanted = query.trim().toLowerCase()
    return (inbox.data ?? [])
      .filter((entry) => isFreshInboxCode(entry, quarter * 15_000))
      .filter((entry) => wanted === '' || searchText(entry).includes(wanted))
      .sort((a, b) => b.receivedAt.localeCompare(a.receivedAt))
  }, [inbox.data, query, quarter])
}

function searchText(entry: InboxEntryView): string {
  const { match } = entry
  const handles =
    match.kind === 'account' ? [match.handle] : match.kind === 'shared-phone' ? match.handles : []
  return [...handles, entry.clientName].join('\n').toLowerCase()
}

/** Who a fresh code is for, in a few words. */
export function inboxCodeOwner(entry: InboxEntryView): string {
  const { match } = entry
  if (match.kind === 'account') return match.handle
  if (match.kind === 'shared-phone') return `${match.phone}, shared by ${match.accountIds.length} accounts`
  return entry.to
}
