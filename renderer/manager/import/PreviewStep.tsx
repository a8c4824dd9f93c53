import { FileDown } from 'lucide-react'
import { useEffect, useMemo, useRef, useState } from 'react'
import type { ImportPreview } from '../../../shared/domain/transfer.ts'
import { Button } from '../../shared/components/Button.tsx'
import { Checkbox } from '../../shared/components/Checkbox.tsx'
import { ErrorMessage } from '../../shared/components/ErrorMessage.tsx'
import { plural } from '../../shared/format.ts'
import { EntryList } from './EntryList.tsx'
import { FailedList } from './FailedList.tsx'
import { importFormatLabels } from './import-formats.ts'
import { defaultSelection, positionsOf, previewCounts } from './import-steps.ts'

/**
 * What committing would write, before anything is: every entry with what it maps to, duplicates
 * unticked, failures with their reason. Only the ticked entries are imported, in one transaction.
 */
export function PreviewStep({
  preview,
  error,
  onImport,
  onBack,
  onCancel,
}: {
  preview: ImportPreview
  error: unknown
  onImport: (positions: number[]) => void
  onBack: () => void
  onCancel: () => void
}) {
  const [selected, setSelected] = useState<ReadonlySet<number>>(() => defaultSelection(preview.items))
  const counts = useMemo(() => previewCounts(preview), [preview])
  const newPositions = useMemo(() => positionsOf(preview.items, 'new'), [preview.items])
  const duplicatePositions = useMemo(() => positionsOf(preview.items, 'duplicate'), [preview.items])
  const duplicatesIncluded =
    duplicatePositions.length > 0 && duplicatePositions.every((position) => selected.has(position))
  const allNewSelected = newPositions.every((position) => selected.has(position))
  const heading = useRef<HTMLHeadingElement>(null)

  // The step replaced the button that led here; a screen reader hears the summary first.
  useEffect(() => heading.current?.focus(), [])

  function toggle(position: number) {
    setSelected((current) => {
      const next = new Set(current)
      if (!next.delete(position)) next.add(position)
      return next
    })
  }

  function setAll(positions: readonly number[], on: boolean) {
    setSelected((current) => {
      const next = new Set(current)
      for (const position of positions) {
        if (on) next.add(position)
        else next.delete(position)
      }
      return next
    })
  }

  const chosen = selected.size

  return (
    <div className="stack import-step">
      <div className="import-summary">
        <h3 ref={heading} tabIndex={-1} className="import-step-title">
          Check what will be imported
        </h3>
        <p className="muted small">
          From <strong>{preview.sourceName}</strong>, read as {importFormatLabels[preview.format]}.
        </p>
        <ul className="import-counts" aria-label="Summary">
          <li className="import-count import-count-new">
            <strong>{counts.new.toLocaleString()}</strong> new
          </li>
          <li className="import-count import-count-duplicate">
            <strong>{counts.duplicates.toLocaleString()}</strong>{' '}
            {counts.duplicates === 1 ? 'duplicate' : 'duplicates'}
          </li>
          <li className="import-count import-count-failed">
            <strong>{counts.failed.toLocaleString()}</strong> could not be read
          </li>
        </ul>
      </div>

      {preview.items.length > 0 ? (
        <>
          <div className="import-selection-bar">
            <Button
              variant="quiet"
              className="button-small"
              disabled={newPositions.length === 0 || allNewSelected}
              onClick={() => setAll(newPositions, true)}
            >
              Select all new
            </Button>
            <Button
              variant="quiet"
              className="button-small"
              disabled={chosen === 0}
              onClick={() => setSelected(new Set())}
            >
              Select none
            </Button>
            {duplicatePositions.length > 0 && (
              <Checkbox
                label={
                  duplicatePositions.length === 1
                    ? 'Include the duplicate'
                    : `Include the ${duplicatePositions.length.toLocaleString()} duplicates`
                }
                checked={duplicatesIncluded}
                onCheckedChange={(on) => setAll(duplicatePositions, on)}
              />
            )}
          </div>
          <EntryList items={preview.items} selected={selected} onToggle={toggle} />
          {duplicatePositions.length > 0 && (
            <p className="field-hint">
              Duplicates are left out unless ticked: importing one gives the vault a second account with the
              same key.
            </p>
          )}
        </>
      ) : (
        <p className="import-nothing">Nothing here can be imported.</p>
      )}

      {preview.failed.length > 0 && <FailedList failed={preview.failed} />}

      <ErrorMessage error={error} />

      <div className="actions dialog-actions import-preview-actions">
        <Button
          icon={<FileDown aria-hidden="true" />}
          disabled={chosen === 0}
          onClick={() =>
            onImport(preview.items.flatMap((item) => (selected.has(item.position) ? [item.position] : [])))
          }
        >
          Import {plural(chosen, 'account')}
        </Button>
        <Button variant="secondary" onClick={onBack}>
          Choose another source
        </Button>
        <Button variant="quiet" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </div>
  )
}
