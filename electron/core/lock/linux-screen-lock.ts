import dbus from '@homebridge/dbus-native'

/**
 * On Linux, Electron's powerMonitor has no screen-lock event. The desktop says it over D-Bus instead:
 * logind sends `Lock` to the session (system bus) when the screen locks through loginctl or the
 * greeter, and the session's screensaver sends `ActiveChanged(true)` (session bus). Either one locks
 * the vault. Missing buses are normal (a bare window manager, a container): the watcher then says
 * so and the idle timer remains the safety net.
 */
export interface ScreenLockWatcher {
  /** Why a bus could not be watched, one line each; empty when both are watched. */
  readonly problems: readonly string[]
  stop(): void
}

export interface ScreenLockWatchOptions {
  onLock: (source: 'logind' | 'screensaver') => void
  /** Defaults: the session bus from the environment, the system bus at its well-known socket. */
  sessionBusAddress?: string | undefined
  systemBusAddress?: string | undefined
}

const SCREENSAVER_INTERFACES = [
  'org.freedesktop.ScreenSaver',
  'org.gnome.ScreenSaver',
  'org.mate.ScreenSaver',
  'org.cinnamon.ScreenSaver',
] as const
const LOGIND_SESSION = 'org.freedesktop.login1.Session'
const SIGNAL = 4

interface DbusMessage {
  type: number
  interface?: string
  member?: string
  body?: unknown[]
}

interface Bus {
  connection: {
    on(event: string, listener: (value: unknown) => void): void
    end?: () => void
    stream?: { destroy(): void }
  }
  addMatch(rule: string, callback: (error: unknown) => void): void
}

export async function watchLinuxScreenLock(options: ScreenLockWatchOptions): Promise<ScreenLockWatcher> {
  const problems: string[] = []
  const buses: Bus[] = []

  const session = await connect(options.sessionBusAddress ?? process.env.DBUS_SESSION_BUS_ADDRESS, 'session')
  if ('problem' in session) problems.push(session.problem)
  else {
    buses.push(session.bus)
    session.bus.connection.on('message', (value) => {
      const message = value as DbusMessage
      if (
        message.type === SIGNAL &&
        message.member === 'ActiveChanged' &&
        SCREENSAVER_INTERFACES.some((name) => name === message.interface) &&
        message.body?.[0] === true
      ) {
        options.onLock('screensaver')
      }
    })
    for (const name of SCREENSAVER_INTERFACES) {
      await addMatch(session.bus, `type='signal',interface='${name}',member='ActiveChanged'`)
    }
  }

  const system = await connect(
    options.systemBusAddress ?? 'unix:path=/var/run/dbus/system_bus_socket',
    'system',
  )
  if ('problem' in system) problems.push(system.problem)
  else {
    buses.push(system.bus)
    system.bus.connection.on('message', (value) => {
      const message = value as DbusMessage
      if (message.type === SIGNAL && message.interface === LOGIND_SESSION && message.member === 'Lock') {
        options.onLock('logind')
      }
    })
    await addMatch(system.bus, `type='signal',interface='${LOGIND_SESSION}',member='Lock'`)
  }

  return {
    problems,
    stop() {
      for (const bus of buses) {
        try {
          bus.connection.end?.()
          bus.connection.stream?.destroy()
        } catch {
          // Already gone.
        }
      }
    },
  }
}

async function connect(
  address: string | undefined,
  which: 'session' | 'system',
): Promise<{ bus: Bus } | { problem: string }> {
  if (!address) return { problem: `no ${which} D-Bus address` }
  try {
    // The package's own typings omit createClient, which is how a bus is named by address.
    const bus = (dbus as unknown as { createClient(options: { busAddress: string }): Bus }).createClient({
      busAddress: address,
    })
    return await new Promise((resolve) => {
      // The library reports connection failures as events; without a listener they would crash us.
      bus.connection.on('error', (error) =>
        resolve({ problem: `${which} bus unreachable (${describe(error)})` }),
      )
      bus.connection.on('connect', () => resolve({ bus }))
    })
  } catch (error) {
    return { problem: `${which} bus unreachable (${describe(error)})` }
  }
}

function addMatch(bus: Bus, rule: string): Promise<void> {
  return new Promise((resolve) => bus.addMatch(rule, () => resolve()))
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
