import { describe, expect, it, vi } from 'vitest'
import { ClipboardGuard } from '../../../electron/core/clipboard/clipboard-guard.ts'
import { concealedClipboardEntries } from '../../../electron/main/desktop/concealed-clipboard-formats.ts'

// The desktop clipboard is the one part replaced: it records each write as the OS would receive it.
const desktop = vi.hoisted(() => ({ writes: [] as Record<string, unknown>[][], text: '' }))
vi.mock('electron', () => ({
  ClipboardItem: class {
    readonly items: Record<string, unknown>
    constructor(items: Record<string, unknown>) {
      this.items = items
    }
  },
  clipboard: {
    write: (items: { items: Record<string, unknown> }[]) => {
      desktop.writes.push(items.map((item) => item.items))
      const text = items[0]?.items['text/plain']
      desktop.text = typeof text === 'string' ? text : ''
      return Promise.resolve()
    },
    clear: () => {
      desktop.text = ''
    },
    readText: () => Promise.resolve(desktop.text),
  },
}))
const { concealedClipboard } = await import('../../../electron/main/desktop/concealed-clipboard.ts')

const raw = (format: string) => `electron application/osclipboard;format="${format}"`
const dwordZero = new Uint8Array([0, 0, 0, 0])

/**
 * What a code copied by Twofold looks like to clipboard-history tools. Each platform has its own
 * convention; a manager that follows it (Maccy, Alfred, Windows' Win+V history and cloud clipboard,
 * Klipper) keeps the code out of its history.
 */
describe('a code Twofold copies', () => {
  it('is marked concealed on macOS (nspasteboard.org)', () => {
    expect(concealedClipboardEntries('darwin', '492039')).toEqual({
      'text/plain': '492039',
      [raw('org.nspasteboard.ConcealedType')]: '',
    })
  })

  it('is kept out of Windows clipboard history, cloud clipboard and monitors', () => {
    expect(concealedClipboardEntries('win32', '492039')).toEqual({
      'text/plain': '492039',
      [raw('ExcludeClipboardContentFromMonitorProcessing')]: '',
      [raw('CanIncludeInClipboardHistory')]: dwordZero,
      [raw('CanUploadToCloudClipboard')]: dwordZero,
    })
  })

  it('carries the password-manager hint on Linux (Klipper and compatible managers)', () => {
    expect(concealedClipboardEntries('linux', '492039')).toEqual({
      'text/plain': '492039',
      [raw('x-kde-passwordManagerHint')]: 'secret',
    })
  })

  it('is plain text where the platform has no such convention', () => {
    expect(concealedClipboardEntries('freebsd', '492039')).toEqual({ 'text/plain': '492039' })
  })
})

describe('main’s clipboard', () => {
  it('puts the code and its marker on the clipboard in one write, and clears it to nothing', async () => {
    const guard = new ClipboardGuard(concealedClipboard('linux'), { clearAfterSeconds: 0 })
    await guard.writeText('492039')
    expect(desktop.writes).toEqual([
      [{ 'text/plain': '492039', [raw('x-kde-passwordManagerHint')]: 'secret' }],
    ])
    expect(await guard.clearIfOurs()).toBe(true)
    expect(desktop.text).toBe('')
    expect(desktop.writes).toHaveLength(1)
  })
})
