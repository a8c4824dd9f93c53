import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useRef, useState, type KeyboardEvent } from 'react'
import type { AccountSummary } from '../../../shared/domain/accounts.ts'
import type { PostureFlag } from '../../../shared/domain/flags.ts'
import type { InboxEntryView } from '../../../shared/domain/inbox-views.ts'
import { useNow } from '../../shared/use-now.ts'
import { useLiveCodes } from '../data/use-live-codes.ts'
import { AccountRow, ROW_HEIGHT } from './AccountRow.tsx'
import { useSteadyOrder } from './use-steady-order.ts'
import type { Selection } from './use-selection.ts'

const OVERSCAN = 6

export interface AccountListProps {
  accounts: readonly AccountSummary[]
  flagsByAccount: ReadonlyMap<string, PostureFlag[]>
  selection: Selection
  codesRefreshKey: number
  onCopy: (account: AccountSummary) => void
  onOpen: (account: AccountSummary) => void
  onDelete: (ids: readonly string[]) => void
  /** The id of the line that lists the keys. */
  describedBy?: string
  /** Asks for a row to be scrolled to and focused; `onFocusedAccount` says the request was served. */
  focusAccountId?: string | null
  onFocusedAccount?: () => void
  /** Team accounts' last changes by account id: the row says who and when. */
  lastChanges?: ReadonlyMap<string, { by: string; at: string }>
  /** What the list shows (scope, flag, search): rows hold their places only within one of these. */
  orderKey?: string
  /** Each account's fresh SMS or WhatsApp code from the inbox, shown on its row; I copies it. */
  inboxCodes?: ReadonlyMap<string, InboxEntryView>
  onCopyInbox?: (entry: InboxEntryView, account: AccountSummary) => void
}

/**
 * The accounts as an ARIA grid, virtualised: only the rows in view (plus a few) exist in the DOM, so
 * 10 000 accounts scroll like 10. One row at a time is in the tab order; the arrow keys, Home/End and
 * PageUp/PageDown move it, and codes are asked for only for the rows that exist.
 */
export function AccountList({
  accounts: incoming,
  flagsByAccount,
  selection,
  codesRefreshKey,
  onCopy,
  onOpen,
  onDelete,
  describedBy,
  focusAccountId = null,
  onFocusedAccount,
  lastChanges,
  orderKey = '',
  inboxCodes,
  onCopyInbox,
}: AccountListProps) {
  const { rows: accounts, hold } = useSteadyOrder(incoming, orderKey)
  const scrollRef = useRef<HTMLDivElement>(null)
  const [activeIndex, setActiveIndex] = useState(0)
  /**
   * The row keyboard focus should land on, once it exists. An index rather than a flag: a stale effect
   * from an earlier render may run first, and must aim at the same row.
   */
  const focusWanted = useRef<number | null>(null)
  const now = useNow()

  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualiser's functions are not memoised; nothing here memoises on them
  const virtualizer = useVirtualizer({
    count: accounts.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
  })
  const items = virtualizer.getVirtualItems()
  const shownIds = items.flatMap((item) => accounts[item.index]?.id ?? [])
  const codes = useLiveCodes(shownIds, codesRefreshKey)

  const active = Math.min(activeIndex, Math.max(0, accounts.length - 1))
  // The grid must stay reachable by Tab after the mouse wheel scrolled the active row away.
  const tabbable = items.some((item) => item.index === active) ? active : (items[0]?.index ?? 0)

  // Keyboard moves land on a row that may not exist until the virtualiser has scrolled to it.
  useEffect(() => {
    if (focusWanted.current === null) return
    let frames = 0
    let handle = 0
    const tryFocus = () => {
      const wanted = focusWanted.current
      if (wanted === null) return
      const row = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${wanted}"]`)
      if (row) {
        focusWanted.current = null
        row.focus({ preventScroll: true })
      } else if (frames++ < 30) {
        handle = requestAnimationFrame(tryFocus)
      }
    }
    tryFocus()
    return () => cancelAnimationFrame(handle)
  })

  const requestedIndex =
    focusAccountId === null ? -1 : accounts.findIndex((account) => account.id === focusAccountId)
  useEffect(() => {
    if (requestedIndex < 0) return
    moveTo(requestedIndex)
    onFocusedAccount?.()
  })

  function moveTo(index: number) {
    const target = Math.max(0, Math.min(accounts.length - 1, index))
    focusWanted.current = target
    setActiveIndex(target)
    virtualizer.scrollToIndex(target, { align: 'auto' })
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (!(event.target instanceof HTMLElement) || event.target.getAttribute('role') !== 'row') return
    const pageSize = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT) / ROW_HEIGHT) - 1)
    const account = accounts[active]
    const modifier = event.ctrlKey || event.metaKey
    let handled = true
    switch (event.key) {
      case 'ArrowDown':
        moveTo(active + 1)
        break
      case 'ArrowUp':
        moveTo(active - 1)
        break
      case 'PageDown':
        moveTo(active + pageSize)
        break
      case 'PageUp':
        moveTo(active - pageSize)
        break
      case 'Home':
        moveTo(0)
        break
      case 'End':
        moveTo(accounts.length - 1)
        break
      case 'Enter': {
        // An account with no app code copies its inbox code, the one code its row shows.
        const inbox = account && !account.methods.authenticator ? inboxCodes?.get(account.id) : undefined
        if (account && inbox && onCopyInbox) onCopyInbox(inbox, account)
        else if (account) onCopy(account)
        break
      }
      case 'i':
      case 'I': {
        const inbox = account ? inboxCodes?.get(account.id) : undefined
        if (account && inbox && onCopyInbox && !modifier) onCopyInbox(inbox, account)
        else handled = false
        break
      }
      case ' ':
        if (account) selection.toggle(account.id, event.shiftKey)
        break
      case 'o':
      case 'O':
        if (account && !modifier) onOpen(account)
        else handled = false
        break
      case 'Delete':
        if (selection.ids.length > 0) onDelete(selection.ids)
        else if (account) onDelete([account.id])
        break
      case 'Escape':
        if (selection.ids.length > 0) selection.clear()
        else handled = false
        break
      case 'a':
      case 'A':
        if (modifier) selection.selectAll()
        else handled = false
        break
      default:
        handled = false
    }
    if (handled) {
      event.preventDefault()
      event.stopPropagation()
    }
  }

  const allSelected = accounts.length > 0 && selection.ids.length === accounts.length

  return (
    <div
      role="grid"
      aria-label="Accounts"
      aria-rowcount={accounts.length + 1}
      aria-colcount={5}
      aria-multiselectable="true"
      aria-describedby={describedBy}
      className="account-grid"
      onKeyDown={onKeyDown}
      {...hold}
    >
      <div role="rowgroup" className="grid-head">
        <div role="row" aria-rowindex={1} className="account-row head-row">
          <div role="columnheader" className="cell cell-select">
            <input
              type="checkbox"
              checked={allSelected}
              disabled={accounts.length === 0}
              aria-label={`Select all ${accounts.length} accounts shown`}
              onChange={() => (allSelected ? selection.clear() : selection.selectAll())}
            />
          </div>
          <div role="columnheader" className="cell cell-account">
            Account
          </div>
          <div role="columnheader" className="cell cell-methods">
            2FA methods
          </div>
          <div role="columnheader" className="cell cell-flags">
            Flags
          </div>
          <div role="columnheader" className="cell cell-code">
            Code
          </div>
        </div>
      </div>
      <div ref={scrollRef} className="grid-scroll">
        <div role="rowgroup" className="grid-body" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const account = accounts[item.index]
            if (!account) return null
            return (
              <AccountRow
                key={account.id}
                account={account}
                index={item.index}
                top={item.start}
                flags={flagsByAccount.get(account.id)}
                code={codes.get(account.id)}
                now={now}
                active={item.index === active}
                tabbable={item.index === tabbable}
                selected={selection.has(account.id)}
                onActivate={setActiveIndex}
                onToggleSelected={selection.toggle}
                onCopy={onCopy}
                onOpen={onOpen}
                lastChange={lastChanges?.get(account.id)}
                inboxCode={inboxCodes?.get(account.id)}
                {...(onCopyInbox ? { onCopyInbox } : {})}
              />
            )
          })}
        </div>
      </div>
    </div>
  )
}
