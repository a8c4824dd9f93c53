import { useCallback, useMemo, useRef, useState } from 'react'

export interface Selection {
  /** Selected ids among the rows shown now, in list order. */
  ids: readonly string[]
  has: (id: string) => boolean
  /** Shift-click and Shift+Space select the range from the last row toggled on its own. */
  toggle: (id: string, range: boolean) => void
  selectAll: () => void
  clear: () => void
}

/**
 * Many-row selection over the list as filtered. Ids that a new search or filter hides stop counting
 * as selected: a bulk delete must never reach accounts the person cannot see.
 */
export function useSelection(orderedIds: readonly string[]): Selection {
  const [picked, setPicked] = useState<ReadonlySet<string>>(() => new Set())
  const anchor = useRef<string | null>(null)

  const ids = useMemo(
    () => (picked.size === 0 ? [] : orderedIds.filter((id) => picked.has(id))),
    [orderedIds, picked],
  )
  const visible = useMemo(() => new Set(ids), [ids])
  const shown = useMemo(() => new Set(orderedIds), [orderedIds])

  const toggle = useCallback(
    (id: string, range: boolean) => {
      const from = anchor.current === null ? -1 : orderedIds.indexOf(anchor.current)
      const to = orderedIds.indexOf(id)
      setPicked((current) => {
        const next = new Set([...current].filter((each) => shown.has(each)))
        if (range && from >= 0 && to >= 0) {
          // A range takes the state of the row it started from, like file managers do.
          const select = next.has(orderedIds[from] ?? '')
          for (let index = Math.min(from, to); index <= Math.max(from, to); index++) {
            const each = orderedIds[index]
            if (each === undefined) continue
            if (select) next.add(each)
            else next.delete(each)
          }
        } else if (next.has(id)) {
          next.delete(id)
        } else {
          next.add(id)
        }
        return next
      })
      if (!range) anchor.current = id
    },
    [orderedIds, shown],
  )

  const selectAll = useCallback(() => setPicked(new Set(orderedIds)), [orderedIds])
  const clear = useCallback(() => {
    anchor.current = null
    setPicked(new Set())
  }, [])

  return { ids, has: (id) => visible.has(id), toggle, selectAll, clear }
}
