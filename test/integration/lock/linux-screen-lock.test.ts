import { execFileSync } from 'node:child_process'
import { afterEach, describe, expect, it } from 'vitest'
import {
  watchLinuxScreenLock,
  type ScreenLockWatcher,
} from '../../../electron/core/lock/linux-screen-lock.ts'

/**
 * The real D-Bus code against a real (private) session bus: `.ci/run` runs the tests inside
 * dbus-run-session, and `dbus-send` plays the desktop emitting its lock signals.
 */
const sessionBus = process.env.DBUS_SESSION_BUS_ADDRESS
if (!sessionBus) {
  if (process.env.CI === 'true') throw new Error('CI=true but no D-Bus session bus: run inside .ci/run')
  console.warn('skipping screen-lock tests: no D-Bus session bus (run inside dbus-run-session)')
}

function emit(path: string, signal: string, ...args: string[]) {
  execFileSync('dbus-send', ['--session', '--type=signal', path, signal, ...args])
}

function nextLock(start: (onLock: (source: string) => void) => Promise<ScreenLockWatcher>) {
  const locks: string[] = []
  let resolveFirst: (source: string) => void = () => undefined
  const first = new Promise<string>((resolve) => (resolveFirst = resolve))
  const watcher = start((source) => {
    locks.push(source)
    resolveFirst(source)
  })
  return { watcher, first, locks }
}

describe.skipIf(!sessionBus)('locking when the Linux desktop locks the screen', () => {
  let watcher: ScreenLockWatcher | undefined
  afterEach(() => watcher?.stop())

  it("locks on the screensaver's ActiveChanged(true), and not on ActiveChanged(false)", async () => {
    const {
      watcher: started,
      first,
      locks,
    } = nextLock((onLock) =>
      watchLinuxScreenLock({ onLock, systemBusAddress: 'unix:path=/nonexistent/system_bus_socket' }),
    )
    watcher = await started
    expect(watcher.problems).toEqual([expect.stringMatching(/^system bus unreachable/)])
    emit('/org/freedesktop/ScreenSaver', 'org.freedesktop.ScreenSaver.ActiveChanged', 'boolean:false')
    emit('/org/gnome/ScreenSaver', 'org.gnome.ScreenSaver.ActiveChanged', 'boolean:true')
    expect(await first).toBe('screensaver')
    expect(locks).toEqual(['screensaver'])
  })

  it("locks on logind's Lock signal for the session", async () => {
    // logind speaks on the system bus; here the private session bus stands in for it.
    const { watcher: started, first } = nextLock((onLock) =>
      watchLinuxScreenLock({
        onLock,
        sessionBusAddress: 'unix:path=/nonexistent/session',
        systemBusAddress: sessionBus,
      }),
    )
    watcher = await started
    emit('/org/freedesktop/login1/session/_31', 'org.freedesktop.login1.Session.Lock')
    expect(await first).toBe('logind')
  })

  it('says why when neither bus can be reached, instead of failing', async () => {
    watcher = await watchLinuxScreenLock({
      onLock: () => undefined,
      sessionBusAddress: 'unix:path=/nonexistent/session',
      systemBusAddress: 'unix:path=/nonexistent/system',
    })
    expect(watcher.problems).toHaveLength(2)
  })
})
