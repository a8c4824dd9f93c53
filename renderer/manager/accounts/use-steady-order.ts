import { useState, type FocusEvent } from 'react'
import type { AccountSummary } from '../../../shared/domain/accounts.ts'

interface Held {
  /** The list's order when the person took hold of it. */
  ids: readonly string[]
  /** What was shown then (scope, flag, search): a new question gets its own order at once. */
  key: string
}

/**
 * While the pointer is over the list or a row has focus, rows keep their places when the data changes
 * underneath — a colleague's edit arriving live, a sync — so the row under the cursor is still the one
 * the person meant to click: changed accounts update in place, new ones join at the end, removed ones
 * leave. Once the pointer and focus leave, the list takes its own order again.
 */
export function useSteadyOrder(accounts: readonly AccountSummary[], key: string) {
  const [held, setHeld] = useState<Held | null>(null)
  const [pointer, setPointer] = useState(false)
  const [focus, setFocus] = useState(false)
  const take = () => setHeld((current) => current ?? { ids: accounts.map((account) => account.id), key })
  const release = (stillPointer: boolean, stillFocus: boolean) => {
    if (!stillPointer && !stillFocus) setHeld(null)
  }
  const rows = held && held.key === key && (pointer || focus) ? steadied(accounts, held.ids) : accounts
  return {
    rows,
    hold: {
      onPointerEnter: () => {
        setPointer(true)
        take()
      },
      onPointerLeave: () => {
        setPointer(false)
        release(false, focus)
      },
      onFocus: () => {
        setFocus(true)
        take()
      },
      onBlur: (event: FocusEvent<HTMLElement>) => {
        if (event.currentTarget.contains(event.relatedTarget)) return
        setFocus(false)
        release(pointer, false)
      },
    },
  }
}

function steadied(accounts: readonly AccountSummary[], order: readonly string[]): readonly AccountSummary[] {
  const byId = new Map(accounts.map((account) => [account.id, account]))
  const kept = order.flatMap((id) => byId.get(id) ?? [])
  if (kept.length === accounts.length) return kept
  const placed = new Set(order)
  return [...kept, ...accounts.filter((account) => !placed.has(account.id))]
}
