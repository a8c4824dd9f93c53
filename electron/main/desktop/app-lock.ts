import { powerMonitor } from 'electron'
import { IdleLock } from '../../core/lock/idle-lock.ts'
import { watchLinuxScreenLock, type ScreenLockWatcher } from '../../core/lock/linux-screen-lock.ts'
import type { AppPreferences } from '../../../shared/domain/preferences.ts'

/**
 * Everything that locks the vault without being asked: idle time, system suspend, and the screen
 * locking (powerMonitor on macOS and Windows; logind and the screensaver over D-Bus on Linux, where
 * powerMonitor has no such event).
 */
export class AppLock {
  readonly #lock: (reason: string) => void
  readonly #idle: IdleLock
  #preferences: AppPreferences
  #linuxWatcher: ScreenLockWatcher | null = null

  constructor(preferences: AppPreferences, isUnlocked: () => boolean, lock: (reason: string) => void) {
    this.#preferences = preferences
    this.#lock = lock
    this.#idle = new IdleLock({
      idleMinutes: preferences.idleLockMinutes,
      systemIdleSeconds: () => powerMonitor.getSystemIdleTime(),
      lock: () => lock('idle'),
      isUnlocked,
    })
  }

  async start(): Promise<void> {
    this.#idle.start()
    powerMonitor.on('suspend', () => {
      if (this.#preferences.lockOnSuspend) this.#lock('suspend')
    })
    powerMonitor.on('lock-screen', () => {
      if (this.#preferences.lockOnScreenLock) this.#lock('screen locked')
    })
    if (process.platform === 'linux') {
      this.#linuxWatcher = await watchLinuxScreenLock({
        onLock: () => {
          if (this.#preferences.lockOnScreenLock) this.#lock('screen locked')
        },
      })
    }
  }

  apply(preferences: AppPreferences): void {
    this.#preferences = preferences
    this.#idle.setIdleMinutes(preferences.idleLockMinutes)
  }

  /** Why locking with the screen cannot work here (Linux without D-Bus), for the settings screen. */
  problems(): string[] {
    if (process.platform !== 'linux' || !this.#linuxWatcher) return []
    // One bus is enough: the session's screensaver or logind.
    return this.#linuxWatcher.problems.length >= 2 ? [...this.#linuxWatcher.problems] : []
  }

  stop(): void {
    this.#idle.stop()
    this.#linuxWatcher?.stop()
  }
}
