import type { ImportPreviewItem } from '../../../shared/domain/transfer.ts'
import { platforms } from '../../shared/catalog/platforms.ts'
import { PlatformMark } from '../accounts/badges.tsx'
import { duplicateNote } from './import-steps.ts'

export const ENTRY_ROW_HEIGHT = 56

const TYPE_LABELS: Record<NonNullable<ImportPreviewItem['type']>, string> = {
  totp: 'TOTP',
  hotp: 'HOTP',
  steam: 'Steam',
}

/**
 * One entry of the preview: what it will be stored as, and whether the vault has it already. The row
 * takes focus (roving tabindex); its checkbox is out of the tab order because Space on the row ticks it.
 */
export function EntryRow({
  item,
  index,
  top,
  selected,
  tabbable,
  onActivate,
  onToggle,
}: {
  item: ImportPreviewItem
  index: number
  /** Where the virtualiser places the row. */
  top: number
  selected: boolean
  tabbable: boolean
  onActivate: (index: number) => void
  onToggle: (position: number) => void
}) {
  const platformName = platforms[item.platform].name
  const source =
    item.issuer && item.issuer !== platformName ? `${item.issuer} · ${platformName}` : platformName
  const status = item.duplicateOf ? duplicateNote(item.duplicateOf) : 'New'

  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-index={index}
      tabIndex={tabbable ? 0 : -1}
      className={['import-row', selected ? 'is-selected' : ''].join(' ')}
      style={{ transform: `translateY(${top}px)`, height: ENTRY_ROW_HEIGHT }}
      onFocus={(event) => {
        if (event.target === event.currentTarget) onActivate(index)
      }}
      onClick={() => {
        onActivate(index)
        onToggle(item.position)
      }}
    >
      <div role="gridcell" className="cell cell-select">
        <input
          type="checkbox"
          tabIndex={-1}
          checked={selected}
          aria-label={`Import ${item.accountName}${item.issuer ? ` (${item.issuer})` : ''}`}
          onClick={(event) => event.stopPropagation()}
          onChange={() => {
            onActivate(index)
            onToggle(item.position)
          }}
        />
      </div>
      <div role="gridcell" className="cell cell-account">
        <PlatformMark platform={item.platform} issuer={item.issuer} />
        <span className="account-names">
          <span className="account-handle">{item.accountName}</span>
          <span className="account-sub">{source}</span>
        </span>
      </div>
      <div role="gridcell" className="cell import-cell-text">
        {item.client ?? <span className="muted">No client</span>}
      </div>
      <div role="gridcell" className="cell import-cell-text">
        {item.type ? TYPE_LABELS[item.type] : <span className="muted">No key</span>}
      </div>
      <div role="gridcell" className="cell import-cell-status">
        {item.duplicateOf ? (
          <span className="import-duplicate-note" title={status}>
            {status}
          </span>
        ) : (
          <span className="state state-ok">{status}</span>
        )}
      </div>
    </div>
  )
}
