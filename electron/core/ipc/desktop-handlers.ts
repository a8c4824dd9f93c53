import type { PreferencesView } from '../../../shared/ipc/contract.ts'
import { TwofoldError } from '../errors.ts'
import type { AppPreferencesStore } from '../preferences/app-preferences.ts'
import { cannotConfirm, type ConfirmRequest } from '../vault/seed-release.ts'
import type { ChannelsUnder, Handlers } from './dispatcher.ts'

/**
 * What only the desktop shell can do or know (a global hotkey, the popup window, D-Bus), handed to
 * the core by main. The harness gives a recording version.
 */
export interface DesktopPort {
  /** Problems the shell met applying preferences: a taken hotkey, no D-Bus. */
  problems(): { hotkeyProblem: string | null; screenLockProblems: string[] }
  hidePopup(): void
  /**
   * The OS open dialog; the chosen file's path, or null when the person cancelled. `key-file`: a
   * KeePass key file, whose bytes stay in main beside the database being imported.
   */
  chooseFile(purpose: 'import' | 'restore' | 'key-file'): Promise<string | null>
  /** The OS save dialog, starting at `defaultName`; null when cancelled. */
  chooseSaveFile(defaultName: string): Promise<string | null>
  chooseFolder(current: string): Promise<string | null>
  /** The image on the clipboard as PNG bytes, or null when it holds none. */
  readClipboardImage(): Promise<Uint8Array | null>
  /** One PNG per display, for finding QR codes on screen. */
  captureScreens(): Promise<Uint8Array[]>
  /**
   * Main's own yes/no before a secret leaves (native dialog, or OS user presence): true only when the
   * person approved. The window never sees it, so a page cannot answer for them.
   */
  confirm(request: ConfirmRequest): Promise<boolean>
}

function desktopUnavailable(): TwofoldError {
  return new TwofoldError(
    'desktop-unavailable',
    'This needs the Twofold desktop app (file dialogs, the clipboard and the screen).',
  )
}

export const headlessDesktop: DesktopPort = {
  problems: () => ({ hotkeyProblem: null, screenLockProblems: [] }),
  hidePopup: () => undefined,
  chooseFile: () => Promise.reject(desktopUnavailable()),
  chooseSaveFile: () => Promise.reject(desktopUnavailable()),
  chooseFolder: () => Promise.reject(desktopUnavailable()),
  readClipboardImage: () => Promise.reject(desktopUnavailable()),
  captureScreens: () => Promise.reject(desktopUnavailable()),
  confirm: cannotConfirm,
}

type DesktopChannels = ChannelsUnder<'preferences' | 'popup'>

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
