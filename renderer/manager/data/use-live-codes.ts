import { useEffect, useMemo, useState } from 'react'
import type { CodeView } from '../../../shared/domain/views.ts'
import { managerApi } from '../../shared/api.ts'

/** Lets a fast scroll settle before asking; rows show a placeholder for this long at most. */
const SETTLE_MS = 60
/** After a code expires, the next one is asked for this much later so the core is surely past the step. */
const PAST_THE_STEP_MS = 30

type CodeMap = ReadonlyMap<string, CodeView>
const none: CodeMap = new Map()

/**
 * Current codes for exactly the accounts on screen. The map is replaced, never merged, on every answer,
 * and what is returned is pruned as rows scroll away, so codes of rows nobody can see outlive them by
 * one short request at most. Codes are fetched again the moment the earliest one expires;
 * `refreshKey` forces a fetch (an HOTP code moves on once copied).
 */
export function useLiveCodes(accountIds: readonly string[], refreshKey: number): CodeMap {
  const [codes, setCodes] = useState<CodeMap>(none)
  const [expiredAt, setExpiredAt] = useState(0)
  const idsKey = accountIds.join('\n')

  useEffect(() => {
    const ids = idsKey === '' ? [] : idsKey.split('\n')
    let cancelled = false
    let expiryTimer: number | undefined
    const settleTimer = window.setTimeout(() => {
      if (ids.length === 0) return setCodes(none)
      void managerApi()
        .getCodes({ accountIds: ids })
        .then((result) => {
          if (cancelled) return
          // A locked vault or a removed account answers with an error: show no codes rather than old ones.
          const views = result.ok ? result.value.codes : []
          setCodes(new Map(views.map((view) => [view.accountId, view])))
          const ends = views.flatMap((view) => (view.validUntil === null ? [] : [view.validUntil]))
          if (ends.length > 0) {
            const wait = Math.max(0, Math.min(...ends) - Date.now()) + PAST_THE_STEP_MS
            expiryTimer = window.setTimeout(() => setExpiredAt(Date.now()), wait)
          }
        })
    }, SETTLE_MS)
    return () => {
      cancelled = true
      window.clearTimeout(settleTimer)
      window.clearTimeout(expiryTimer)
    }
  }, [idsKey, refreshKey, expiredAt])

  // Rows that scrolled away lose their codes at once, not when the next answer lands.
  return useMemo(() => {
    const shown = new Set(idsKey.split('\n'))
    if ([...codes.keys()].every((id) => shown.has(id))) return codes
    return new Map([...codes].filter(([id]) => shown.has(id)))
  }, [codes, idsKey])
}
