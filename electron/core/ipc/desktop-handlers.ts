import type { PreferencesView } from '../../../shared/ipc/contract.ts'
import type { AppPreferencesStore } from '../preferences/app-preferences.ts'
import type { Handlers } from './dispatcher.ts'

/**
 * What only the desktop shell can do or know (a global hotkey, the popup window, D-Bus), handed to
 * the core by main. The harness gives a recording version.
 */
export interface DesktopPort {
  /** Problems the shell met applying preferences: a taken hotkey, no D-Bus. */
  problems(): { hotkeyProblem: string | null; screenLockProblems: string[] }
  hidePopup(): void
}

export const headlessDesktop: DesktopPort = {
  problems: () => ({ hotkeyProblem: null, screenLockProblems: [] }),
  hidePopup: () => undefined,
}

type DesktopChannels = 'preferences:get' | 'preferences:update' | 'popup:hide'

export function desktopHandlers(
  preferences: AppPreferencesStore,
  desktop: DesktopPort,
  onPreferencesChanged: (view: PreferencesView) => void,
): Pick<Handlers, DesktopChannels> {
  const view = (): PreferencesView => ({ preferences: preferences.read(), ...desktop.problems() })
  return {
    'preferences:get': () => view(),
    'preferences:update': (request) => {
      preferences.update(request)
      // Main re-applies (hotkey, idle timer, login item) before answering, so problems are current.
      onPreferencesChanged(view())
      return view()
    },
    'popup:hide': () => {
      desktop.hidePopup()
      return {}
    },
  }
}
