/// <reference types="vite/client" />
import { ScanSearch } from 'lucide-react'
import { useEffect, useId, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react'
import type { ResponseOf } from '../../../shared/ipc/contract.ts'
import { Button } from '../../shared/components/Button.tsx'
import { Dialog } from '../../shared/components/Dialog.tsx'
import {
  describeRegion,
  initialRegion,
  keyStep,
  moveRegion,
  regionBetween,
  resizeRegion,
  toPicturePoint,
  type Region,
} from './region-geometry.ts'
import './region-picker.css'

export type ScreenPicture = ResponseOf<'import:capture-screen'>

/**
 * Frame the QR code on a frozen picture of the screen. The picture is a downscaled copy main sent for
 * choosing; main keeps the full-resolution capture and scans only the region framed here. Drag with
 * the mouse, or from the keyboard: the rectangle takes focus, arrows move it, Shift+arrows resize it
 * (Alt for single pixels), Enter scans, Escape cancels.
 */
export function RegionPicker({
  picture,
  scanning,
  onScan,
  onCancel,
}: {
  picture: ScreenPicture
  scanning: boolean
  onScan: (region: Region) => void
  onCancel: () => void
}) {
  const id = useId()
  const [region, setRegion] = useState<Region>(() => initialRegion(picture))
  const [announcement, setAnnouncement] = useState('')
  const surface = useRef<HTMLDivElement>(null)
  const selection = useRef<HTMLDivElement>(null)
  const drag = useRef<{ start: { x: number; y: number }; pointerId: number } | null>(null)

  // The rectangle takes focus on opening. React's autoFocus covers form fields only, and the dialog's
  // focus trap settles (moving focus to its first button) in the frame after mounting, so the focus
  // is moved once that is done.
  useEffect(() => {
    let frame = requestAnimationFrame(() => {
      frame = requestAnimationFrame(() => selection.current?.focus())
    })
    return () => cancelAnimationFrame(frame)
  }, [])

  function pointAt(event: PointerEvent): { x: number; y: number } {
    const box = surface.current?.getBoundingClientRect()
    if (!box) return { x: 0, y: 0 }
    return toPicturePoint(event.clientX - box.left, event.clientY - box.top, box, picture)
  }

  function onPointerDown(event: PointerEvent<HTMLDivElement>) {
    if (event.button !== 0 || scanning) return
    event.preventDefault()
    drag.current = { start: pointAt(event), pointerId: event.pointerId }
    event.currentTarget.setPointerCapture(event.pointerId)
  }

  function onPointerMove(event: PointerEvent<HTMLDivElement>) {
    if (drag.current?.pointerId !== event.pointerId) return
    const next = regionBetween(drag.current.start, pointAt(event))
    if (next) setRegion(next)
  }

  function onPointerUp(event: PointerEvent<HTMLDivElement>) {
    if (drag.current?.pointerId !== event.pointerId) return
    const next = regionBetween(drag.current.start, pointAt(event))
    drag.current = null
    if (next) {
      setRegion(next)
      setAnnouncement(describeRegion(next, picture))
    }
    // Keyboard users and mouse users end up in the same place: the rectangle, ready for Enter.
    selection.current?.focus()
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const arrows: Record<string, [number, number]> = {
      ArrowLeft: [-1, 0],
      ArrowRight: [1, 0],
      ArrowUp: [0, -1],
      ArrowDown: [0, 1],
    }
    const direction = arrows[event.key]
    if (direction) {
      event.preventDefault()
      const step = keyStep(picture, event.altKey)
      const [dx, dy] = [direction[0] * step, direction[1] * step]
      const next = event.shiftKey
        ? resizeRegion(region, dx, dy, picture)
        : moveRegion(region, dx, dy, picture)
      setRegion(next)
      setAnnouncement(describeRegion(next, picture))
    } else if (event.key === 'Enter') {
      event.preventDefault()
      if (!scanning) onScan(region)
    }
    // Escape reaches the dialog, which cancels the pick.
  }

  const percent = (part: number, whole: number) => `${(part / whole) * 100}%`

  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onCancel()}
      title="Pick the region with the QR code"
      description="Drag a rectangle around the QR code, then scan. Only that part of the screen is read."
      className="region-picker-dialog"
    >
      <div className="stack">
        <p id={`${id}-keys`} className="field-hint">
          From the keyboard: arrow keys move the rectangle, Shift with an arrow resizes it (Alt for single
          pixels), Enter scans and Escape cancels. This is a still picture taken just now
          {picture.displays > 1 ? ` of your ${picture.displays} displays, side by side` : ''}; it is dropped
          when you scan or cancel.
        </p>
        <div
          ref={surface}
          className="region-picker-surface"
          data-testid="region-picker-surface"
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerCancel={() => {
            drag.current = null
          }}
        >
          <img
            className="region-picker-picture"
            src={picture.pngDataUrl}
            width={picture.width}
            height={picture.height}
            alt="A still picture of your screen"
            draggable={false}
          />
          <div
            ref={selection}
            className="region-picker-selection"
            role="application"
            aria-roledescription="region selector"
            aria-label="Region to scan"
            aria-describedby={`${id}-keys ${id}-where`}
            tabIndex={0}
            onKeyDown={onKeyDown}
            style={{
              left: percent(region.x, picture.width),
              top: percent(region.y, picture.height),
              width: percent(region.width, picture.width),
              height: percent(region.height, picture.height),
            }}
          />
        </div>
        <p id={`${id}-where`} className="visually-hidden" aria-live="polite">
          {announcement}
        </p>
        <div className="actions dialog-actions">
          <Button busy={scanning} icon={<ScanSearch aria-hidden="true" />} onClick={() => onScan(region)}>
            Scan this region
          </Button>
          <Button variant="quiet" disabled={scanning} onClick={onCancel}>
            Cancel
          </Button>
        </div>
      </div>
    </Dialog>
  )
}
