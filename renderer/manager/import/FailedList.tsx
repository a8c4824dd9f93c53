import { useVirtualizer } from '@tanstack/react-virtual'
import { CircleX } from 'lucide-react'
import { useId, useRef } from 'react'
import type { ImportPreview } from '../../../shared/domain/transfer.ts'
import { plural } from '../../shared/format.ts'

type FailedEntry = ImportPreview['failed'][number]

const ESTIMATED_HEIGHT = 52

/**
 * Entries that cannot be imported, each with its reason: nothing is dropped without a word. Virtualised
 * too, since a damaged spreadsheet can fail on every row; reasons wrap, so rows are measured.
 */
export function FailedList({ failed }: { failed: readonly FailedEntry[] }) {
  const headingId = useId()
  const scrollRef = useRef<HTMLDivElement>(null)
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualiser's functions are not memoised; nothing here memoises on them
  const virtualizer = useVirtualizer({
    count: failed.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ESTIMATED_HEIGHT,
    overscan: 6,
  })

  return (
    <div className="import-failed">
      <h3 id={headingId} className="import-failed-title">
        <CircleX aria-hidden="true" />
        {plural(failed.length, 'entry', 'entries')} could not be read and will not be imported
      </h3>
      {/* Focusable so the list scrolls from the keyboard: it has nothing else to focus. */}
      <div
        ref={scrollRef}
        className="import-failed-scroll"
        tabIndex={0}
        role="region"
        aria-labelledby={headingId}
      >
        <ul className="import-failed-list" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((row) => {
            const entry = failed[row.index]
            if (!entry) return null
            return (
              <li
                key={row.key}
                ref={virtualizer.measureElement}
                data-index={row.index}
                aria-setsize={failed.length}
                aria-posinset={row.index + 1}
                className="import-failed-entry"
                style={{ transform: `translateY(${row.start}px)` }}
              >
                <span className="import-failed-name">{entry.name || `Entry ${entry.position}`}</span>
                <span className="import-failed-reason">{sentence(entry.reason)}</span>
              </li>
            )
          })}
        </ul>
      </div>
    </div>
  )
}

/** Readers word reasons as clauses ("this line is not an otpauth:// link"); shown alone, they read as sentences. */
function sentence(reason: string): string {
  const trimmed = reason.trim()
  if (trimmed === '') return 'This entry could not be read.'
  const capital = trimmed[0]?.toUpperCase() + trimmed.slice(1)
  return /[.!?]$/.test(capital) ? capital : `${capital}.`
}
