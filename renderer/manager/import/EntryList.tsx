import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useRef, useState, type KeyboardEvent } from 'react'
import type { ImportPreviewItem } from '../../../shared/domain/transfer.ts'
import { EntryRow, ENTRY_ROW_HEIGHT } from './EntryRow.tsx'

const OVERSCAN = 8

/**
 * The entries of a preview as an ARIA grid, virtualised like the account list: an agency's 10,000
 * entries put only the rows in view into the DOM. One row is in the tab order; the arrow keys,
 * Home/End and PageUp/PageDown move it, and Space ticks or unticks it.
 */
export function EntryList({
  items,
  selected,
  onToggle,
}: {
  items: readonly ImportPreviewItem[]
  selected: ReadonlySet<number>
  onToggle: (position: number) => void
}) {
  const scrollRef = useRef<HTMLDivElement>(null)
  const [activeIndex, setActiveIndex] = useState(0)
  /** The row keyboard focus should land on once the virtualiser has rendered it. */
  const focusWanted = useRef<number | null>(null)

  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualiser's functions are not memoised; nothing here memoises on them
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ENTRY_ROW_HEIGHT,
    overscan: OVERSCAN,
  })
  const rows = virtualizer.getVirtualItems()
  const active = Math.min(activeIndex, Math.max(0, items.length - 1))
  // Reachable by Tab even after the wheel scrolled the active row out of the DOM.
  const tabbable = rows.some((row) => row.index === active) ? active : (rows[0]?.index ?? 0)

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

  function moveTo(index: number) {
    const target = Math.max(0, Math.min(items.length - 1, index))
    focusWanted.current = target
    setActiveIndex(target)
    virtualizer.scrollToIndex(target, { align: 'auto' })
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (!(event.target instanceof HTMLElement) || event.target.getAttribute('role') !== 'row') return
    const pageSize = Math.max(
      1,
      Math.floor((scrollRef.current?.clientHeight ?? ENTRY_ROW_HEIGHT) / ENTRY_ROW_HEIGHT) - 1,
    )
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
        moveTo(items.length - 1)
        break
      case ' ': {
        const item = items[active]
        if (item) onToggle(item.position)
        break
      }
      default:
        handled = false
    }
    if (handled) {
      event.preventDefault()
      event.stopPropagation()
    }
  }

  return (
    <div
      role="grid"
      aria-label="Entries to import"
      aria-rowcount={items.length + 1}
      aria-colcount={5}
      aria-multiselectable="true"
      className="import-grid"
      onKeyDown={onKeyDown}
    >
      <div role="rowgroup">
        <div role="row" aria-rowindex={1} className="import-row import-head-row">
          <div role="columnheader" className="cell cell-select">
            <span className="visually-hidden">Import</span>
          </div>
          <div role="columnheader" className="cell">
            Account
          </div>
          <div role="columnheader" className="cell">
            Client
          </div>
          <div role="columnheader" className="cell">
            Type
          </div>
          <div role="columnheader" className="cell">
            In the vault
          </div>
        </div>
      </div>
      <div ref={scrollRef} className="import-grid-scroll">
        <div role="rowgroup" className="import-grid-body" style={{ height: virtualizer.getTotalSize() }}>
          {rows.map((row) => {
            const item = items[row.index]
            if (!item) return null
            return (
              <EntryRow
                key={item.position}
                item={item}
                index={row.index}
                top={row.start}
                selected={selected.has(item.position)}
                tabbable={row.index === tabbable}
                onActivate={setActiveIndex}
                onToggle={onToggle}
              />
            )
          })}
        </div>
      </div>
    </div>
  )
}
