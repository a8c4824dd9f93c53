import { beforeEach, describe, expect, it, vi } from 'vitest'

// The OS side of "open in the browser" is the one thing replaced: the test records whether the page
// could make the app hand an address to the person's browser.
const opened = vi.hoisted(() => [] as string[])
vi.mock('electron', () => ({
  app: { isPackaged: true },
  session: {},
  shell: {
    openExternal: (url: string) => {
      opened.push(url)
      return Promise.resolve()
    },
  },
}))

const { lockDownContents } = await import('../../../electron/main/windows/harden-window.ts')

type OpenHandler = (details: { url: string }) => { action: string }

function lockedDownWindow(): {
  open: (url: string) => { action: string }
  navigate: (url: string) => boolean
} {
  let openHandler: OpenHandler = () => ({ action: 'allow' })
  const listeners = new Map<string, (event: { preventDefault(): void }, url: string) => void>()
  const contents = {
    on: (name: string, listener: (event: { preventDefault(): void }, url: string) => void) =>
      listeners.set(name, listener),
    setWindowOpenHandler: (handler: OpenHandler) => (openHandler = handler),
  }
  lockDownContents(contents as never, (url) => url === 'twofold://app/manager/index.html')
  return {
    open: (url) => openHandler({ url }),
    navigate: (url) => {
      let prevented = false
      listeners.get('will-navigate')?.({ preventDefault: () => (prevented = true) }, url)
      return !prevented
    },
  }
}

describe('a page asking to open an address', () => {
  beforeEach(() => {
    opened.length = 0
  })

  it.each(['https://exfiltrate.example/?seed=JBSWY3DPEHPK3PXP', 'http://example.com', 'mailto:a@b.c'])(
    'gets no window and no browser: %s',
    (url) => {
      const window = lockedDownWindow()
      expect(window.open(url)).toEqual({ action: 'deny' })
      expect(opened).toEqual([])
    },
  )

  it('cannot navigate its window away from its own page', () => {
    const window = lockedDownWindow()
    expect(window.navigate('https://exfiltrate.example/')).toBe(false)
    expect(window.navigate('twofold://app/manager/index.html')).toBe(true)
  })
})
