import { describe, expect, it } from 'vitest'
import { ClipboardGuard } from '../../../electron/core/clipboard/clipboard-guard.ts'
import { manualTimers } from '../../support/manual-timers.ts'

/** A desktop clipboard that other apps can write to as well. */
function desktopClipboard(initial = '') {
  let text = initial
  return {
    writeText: (value: string) => {
      text = value
      return Promise.resolve()
    },
    readText: () => Promise.resolve(text),
    get text() {
      return text
    },
    otherAppCopies(value: string) {
      text = value
    },
  }
}

const settle = () => new Promise((resolve) => setImmediate(resolve))

describe('clearing copied codes from the clipboard', () => {
  it('empties the clipboard 30 s after a code was copied', async () => {
    const clock = manualTimers()
    const clipboard = desktopClipboard()
    const guard = new ClipboardGuard(clipboard, { clearAfterSeconds: 30, timers: clock.timers })
    await guard.writeText('287082')
    clock.advance(29_000)
    await settle()
    expect(clipboard.text).toBe('287082')
    clock.advance(1_000)
    await settle()
    expect(clipboard.text).toBe('')
  })

  it('leaves alone whatever the person copied since', async () => {
    const clock = manualTimers()
    const clipboard = desktopClipboard()
    const guard = new ClipboardGuard(clipboard, { clearAfterSeconds: 30, timers: clock.timers })
    await guard.writeText('287082')
    clipboard.otherAppCopies('a link to paste')
    clock.advance(30_000)
    await settle()
    expect(clipboard.text).toBe('a link to paste')
  })

  it('restarts the wait when a newer code is copied', async () => {
    const clock = manualTimers()
    const clipboard = desktopClipboard()
    const guard = new ClipboardGuard(clipboard, { clearAfterSeconds: 30, timers: clock.timers })
    await guard.writeText('111111')
    clock.advance(20_000)
    await guard.writeText('222222')
    clock.advance(20_000)
    await settle()
    expect(clipboard.text).toBe('222222')
    clock.advance(10_000)
    await settle()
    expect(clipboard.text).toBe('')
  })

  it('never clears when set to 0, but still clears on lock and quit', async () => {
    const clock = manualTimers()
    const clipboard = desktopClipboard()
    const guard = new ClipboardGuard(clipboard, { clearAfterSeconds: 0, timers: clock.timers })
    await guard.writeText('287082')
    clock.advance(3_600_000)
    expect(clipboard.text).toBe('287082')
    expect(clock.pendingCount).toBe(0)
    expect(await guard.clearIfOurs()).toBe(true)
    expect(clipboard.text).toBe('')
  })

  it('on lock, does not clear a clipboard that holds something else', async () => {
    const clipboard = desktopClipboard()
    const guard = new ClipboardGuard(clipboard, { clearAfterSeconds: 30, timers: manualTimers().timers })
    await guard.writeText('287082')
    clipboard.otherAppCopies('notes')
    expect(await guard.clearIfOurs()).toBe(false)
    expect(clipboard.text).toBe('notes')
  })
})
