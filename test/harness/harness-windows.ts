import { managerApiChannels, managerApiEvents } from '../../shared/ipc/manager-api.ts'
import { popupApiChannels, popupApiEvents } from '../../shared/ipc/popup-api.ts'

/**
 * Each window's named functions, as its preload exposes them: the harness gives each page exactly
 * its own API and refuses every other channel from it, as main does for real windows.
 */
export const harnessWindows = {
  manager: { channels: managerApiChannels, events: managerApiEvents },
  popup: { channels: popupApiChannels, events: popupApiEvents },
} as const
export type HarnessWindow = keyof typeof harnessWindows

export function isHarnessWindow(value: string): value is HarnessWindow {
  return Object.hasOwn(harnessWindows, value)
}

export function channelsOf(window: HarnessWindow): ReadonlySet<string> {
  return new Set<string>(Object.values(harnessWindows[window].channels))
}
